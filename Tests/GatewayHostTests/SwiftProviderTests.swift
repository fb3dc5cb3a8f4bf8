import Foundation
import GatewayHost
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The Swift example provider, loaded as a real .so, against a real local HTTP endpoint.
@Suite struct SwiftProviderTests {
    private func instance(
        endpoint: String, logger: Logger = Logger(label: "test"), path: String = TestPaths.swiftEchoPlugin
    ) async throws -> PluginInstance {
        let plugin = try await PluginLoader.load(path: path, settings: TestPlugins.settings(graceMs: 2_000), logger: logger).get()
        return try await plugin.createInstance(config: Data(#"{"endpoint":"\#(endpoint)","token":"tok-5678"}"#.utf8)).get()
    }

    @Test func sendRelaysThroughLibcurlWithTheBearerToken() async throws {
        try await EchoEndpoint.run { url, seen in
            let echo = try await instance(endpoint: "\(url)/echo")
            let result = try await echo.invoke("send", input: Data(#"{"to":"x","text":"y"}"#.utf8), timeoutMs: 30_000)
            #expect(result.status == .ok)
            #expect(result.outputFromHostAllocator)
            #expect(try JSONDecoder().decode([String: String].self, from: result.output) == ["provider_message_id": "remote-7"])
            #expect(seen.all == ["Bearer tok-5678"])
        }
    }

    @Test func aSlowEndpointTimesOutAtTheCallsDeadline() async throws {
        try await EchoEndpoint.run { url, _ in
            let echo = try await instance(endpoint: "\(url)/slow")
            let result = try await echo.invoke("send", input: Data("{}".utf8), timeoutMs: 300)
            #expect(result.status == .timeout)
            #expect(!result.answeredByHost, "libcurl stopped at the deadline, well within the grace period")
            #expect(!echo.plugin.isQuarantined)
        }
    }

    @Test func tooManyRequestsIsRateLimitedWithRetryAfter() async throws {
        try await EchoEndpoint.run { url, _ in
            let echo = try await instance(endpoint: "\(url)/busy")
            let result = try await echo.invoke("send", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(result.status == .rateLimited)
            #expect(result.retryAfterMs == 7_000)
        }
    }

    @Test func anUnreachableEndpointIsRetryable() async throws {
        let echo = try await instance(endpoint: "http://127.0.0.1:1/echo")
        #expect(try await echo.invoke("send", input: Data("{}".utf8), timeoutMs: 30_000).status == .retryable)
    }

    @Test func configIsValidatedAgainstTheManifest() async throws {
        let plugin = try await PluginLoader.load(
            path: TestPaths.swiftEchoPlugin, settings: TestPlugins.settings(graceMs: 500), logger: Logger(label: "test")
        ).get()
        let missing = try #require(try await plugin.createInstance(config: Data(#"{"endpoint":"http://x"}"#.utf8)).failure)
        #expect(missing.result.status == .invalid)
        #expect(missing.result.errorFieldName == "token")
        let wrongType = try #require(try await plugin.createInstance(config: Data(#"{"endpoint":true,"token":"t"}"#.utf8)).failure)
        #expect(wrongType.result.errorFieldName == "endpoint")
        let notJSON = try #require(try await plugin.createInstance(config: Data("{oops".utf8)).failure)
        #expect(notJSON.result.status == .invalid)
    }

    /// Two copies of one Swift plugin, each with its own static ProviderKit, loaded into one host: each must keep
    /// its own host table. If they shared ProviderKit's state, the second entry would hand back the first's vtable
    /// and every log line would go to the first plugin's host table.
    @Test func twoSwiftPluginsInOneHostShareNoState() async throws {
        let directory = try TestPaths.scratchDirectory()
        let first = directory.appendingPathComponent("libfirst.so").path
        let second = directory.appendingPathComponent("libsecond.so").path
        try FileManager.default.copyItem(atPath: TestPaths.swiftEchoPlugin, toPath: first)
        try FileManager.default.copyItem(atPath: TestPaths.swiftEchoPlugin, toPath: second)
        let firstLogs = LogRecorder()
        let secondLogs = LogRecorder()
        try await EchoEndpoint.run { url, _ in
            let a = try await instance(endpoint: "\(url)/echo", logger: firstLogs.logger(), path: first)
            let b = try await instance(endpoint: "\(url)/echo", logger: secondLogs.logger(), path: second)
            #expect(try await a.invoke("send", input: Data("{}".utf8), timeoutMs: 30_000).status == .ok)
            #expect(try await b.invoke("send", input: Data("{}".utf8), timeoutMs: 30_000).status == .ok)
            #expect(try await b.invoke("send", input: Data("{}".utf8), timeoutMs: 30_000).status == .ok)
        }
        #expect(firstLogs.recorded.filter { $0.contains("relaying message") }.count == 1)
        #expect(secondLogs.recorded.filter { $0.contains("relaying message") }.count == 2)
        #expect(secondLogs.recorded.allSatisfy { $0.contains("plugin.path=\(second)") || !$0.contains("relaying") })
    }
}
