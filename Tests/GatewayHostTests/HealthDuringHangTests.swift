import Foundation
import GatewayHost
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// A plugin call that hangs must not hold up the server.
@Suite struct HealthDuringHangTests {
    @Test func healthAnswersWhileAPluginCallHangsPastItsDeadline() async throws {
        let directory = try TestPaths.scratchDirectory()
        try FileManager.default.copyItem(atPath: CProviders.misbehaving("HANG"), toPath: directory.appendingPathComponent("libhang.so").path)
        let registry = PluginRegistry(logger: Logger(label: "test"), graceMs: 200)
        await registry.scan([directory.path], waitForStableFiles: false)
        let plugin = try #require(registry.plugin(id: "misbehaving_hang"))
        let instance = try await plugin.createInstance(config: Data(#"{"token":"x"}"#.utf8)).get()

        let gateway = try await TestGateway.start(plugins: [])
        let app = buildApplication(configuration: gateway.configuration, core: gateway.core, backend: gateway.backend, registry: registry, logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let overrun = try await instance.invoke("test", input: Data(), timeoutMs: 100)
            #expect(overrun.status == .timeout)
            #expect(plugin.isQuarantined, "the plugin's call is still hanging")

            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(HealthBody.self, from: Data(response.body.readableBytesView))
                #expect(body.plugins.quarantined == ["misbehaving_hang"])
            }
            #expect(plugin.isQuarantined, "health answered while the plugin call was still hanging")
        }
    }

    private struct HealthBody: Decodable {
        struct Plugins: Decodable {
            let quarantined: [String]
        }

        let status: String
        let plugins: Plugins
    }
}
