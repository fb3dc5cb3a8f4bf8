import Foundation
import GatewayHost
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// A plugin call that hangs must not hold up the server. (In-process: a provider process would be killed instead;
/// ProviderProcessTests covers that.)
@Suite struct HealthDuringHangTests {
    @Test func healthAnswersWhileAnInProcessPluginCallHangsPastItsDeadline() async throws {
        let directory = try TestPaths.scratchDirectory()
        try FileManager.default.copyItem(atPath: CProviders.misbehaving("HANG"), toPath: directory.appendingPathComponent("libhang.so").path)
        let registry = PluginRegistry(settings: TestPlugins.settings(.inProcess, graceMs: 200), logger: Logger(label: "test"))
        await registry.scan([directory.path], waitForStableFiles: false)
        let plugin = try #require(registry.plugin(id: "misbehaving_hang"))
        let instance = try await plugin.createInstance(config: Data(#"{"token":"x"}"#.utf8)).get()

        let gateway = try await TestGateway.start(plugins: [])
        let app = buildApplication(
            runtime: GatewayRuntime(
                configuration: gateway.configuration, core: gateway.core, backend: gateway.backend, registry: registry, logger: Logger(label: "test"))
        )
        // The call hangs until this file exists, so a slow machine cannot outlast it before /health answers.
        let release = directory.appendingPathComponent("release").path
        defer { FileManager.default.createFile(atPath: release, contents: nil) }
        try await app.test(.live) { client in
            let overrun = try await instance.invoke("test", input: Data(#"{"until":"\#(release)"}"#.utf8), timeoutMs: 100)
            #expect(overrun.status == .timeout)
            #expect(plugin.isQuarantined, "the plugin's call is still hanging")

            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(HealthBody.self, from: Data(response.body.readableBytesView))
                #expect(body.plugins.quarantined.map(\.id) == ["misbehaving_hang"])
                #expect(body.plugins.status == "degraded")
            }
            #expect(plugin.isQuarantined, "health answered while the plugin call was still hanging")
        }
    }

    private struct HealthBody: Decodable {
        struct Plugins: Decodable {
            struct Quarantined: Decodable {
                let id: String
                let reason: String
            }

            let status: String
            let quarantined: [Quarantined]
        }

        let status: String
        let plugins: Plugins
    }
}
