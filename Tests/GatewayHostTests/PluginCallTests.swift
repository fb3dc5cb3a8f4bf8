import Foundation
import GatewayHost
import Logging
import Testing

@Suite struct PluginCallTests {
    private func instance(
        _ path: String, config: String = #"{"token":"secret-token-1234"}"#, graceMs: UInt64 = 500, isolation: PluginSettings.Isolation = .process
    ) async throws -> PluginInstance {
        let plugin = try await PluginLoader.load(
            path: path, settings: TestPlugins.settings(isolation, graceMs: graceMs), logger: Logger(label: "test")
        ).get()
        return try await plugin.createInstance(config: Data(config.utf8)).get()
    }

    private func json(_ data: Data) throws -> [String: JSONValue] {
        try JSONDecoder().decode([String: JSONValue].self, from: data)
    }

    @Test func sendReturnsTheProviderMessageIdInAHostAllocatedBuffer() async throws {
        let echo = try await instance(CProviders.echo(), config: #"{"token":"t","prefix":"> "}"#)
        let result = try await echo.invoke("send", input: Data(#"{"to":"5511999990000","text":"olá"}"#.utf8), timeoutMs: 30_000)
        #expect(result.status == .ok)
        #expect(result.outputFromHostAllocator)
        #expect(try json(result.output) == ["provider_message_id": .string("c-echo-1"), "echo": .string("> olá")])
    }

    @Test func createRefusesAWrongConfigNamingTheField() async throws {
        let plugin = try await PluginLoader.load(path: CProviders.echo(), settings: TestPlugins.settings(graceMs: 500), logger: Logger(label: "test"))
            .get()
        let failure = try #require(try await plugin.createInstance(config: Data(#"{"token":"t","prefix":7}"#.utf8)).failure)
        #expect(failure.result.status == .invalid)
        #expect(failure.result.errorFieldName == "prefix")
    }

    @Test func invalidInputIsInvalidNamingTheField() async throws {
        let echo = try await instance(CProviders.echo())
        let result = try await echo.invoke("send", input: Data(#"{"to":"5511999990000","text":42}"#.utf8), timeoutMs: 30_000)
        #expect(result.status == .invalid)
        #expect(result.errorFieldName == "text")
    }

    @Test func unknownOpIsUnsupported() async throws {
        let echo = try await instance(CProviders.echo())
        #expect(try await echo.invoke("teleport", input: Data(), timeoutMs: 30_000).status == .unsupported)
    }

    @Test func aCallWhoseDeadlineHasPassedTimesOut() async throws {
        let echo = try await instance(CProviders.echo())
        #expect(try await echo.invoke("test", input: Data(), timeoutMs: 0).status == .timeout)
    }

    @Test func webhookWithTheTokenBecomesAnEventAndAForgedOneIsRefused() async throws {
        let echo = try await instance(CProviders.echo())
        let body = Data(#"{"id":"w1","from":"5511988887777","text":"oi"}"#.utf8)
        let genuine = try await echo.webhook(method: "POST", path: "/", headers: ["x-echo-token": "secret-token-1234"], body: body, timeoutMs: 30_000)
        #expect(genuine.status == .ok)
        let events = try #require(json(genuine.output)["events"])
        #expect(
            events
                == .array([
                    .object([
                        "type": .string("message_received"), "provider_message_id": .string("w1"), "from": .string("5511988887777"),
                        "text": .string("oi"),
                    ])
                ]))

        let forged = try await echo.webhook(method: "POST", path: "/", headers: ["x-echo-token": "secret-token-1235"], body: body, timeoutMs: 30_000)
        #expect(forged.status == .auth)
    }

    /// In-process, a hung thread cannot be killed: the plugin gets no calls until it returns.
    @Test func anInProcessPluginThatOverrunsItsDeadlineIsQuarantinedUntilItsCallReturns() async throws {
        let hang = try await instance(CProviders.misbehaving("HANG"), config: #"{"token":"x"}"#, graceMs: 200, isolation: .inProcess)
        // The call hangs until this file exists: however slow the machine, it is still hanging below.
        let release = try TestPaths.scratchDirectory().appendingPathComponent("release").path
        let overrun = try await hang.invoke("test", input: Data(#"{"until":"\#(release)"}"#.utf8), timeoutMs: 100)
        #expect(overrun.status == .timeout, "the host answers for a plugin that overran deadline + grace")
        #expect(overrun.answeredByHost)
        #expect(hang.plugin.isQuarantined)

        do {
            _ = try await hang.invoke("test", input: Data(), timeoutMs: 100)
            Issue.record("a quarantined plugin must fail fast")
        } catch {
            #expect(error.code == .providerUnavailable)
        }

        // Once the hanging call returns, the plugin is callable again.
        FileManager.default.createFile(atPath: release, contents: nil)
        var waited = 0
        while hang.plugin.isQuarantined, waited < 80 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        #expect(!hang.plugin.isQuarantined)
    }
}
