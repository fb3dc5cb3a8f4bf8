import Foundation
import Glibc
import Testing

@testable import GatewayHost

/// Provider processes run only while they are wanted: a restart that remembers each plugin's hello starts none, the
/// first call starts one, and one left without calls exits, never one a call holds. What cannot be trusted (a file
/// that changed, a cache that will not read) is asked again.
@Suite struct LeanStartTests {
    let logs = LogRecorder()
    private let config = Data(#"{"token":"tok-1234","prefix":""}"#.utf8)

    /// A plugin directory holding a copy of each of `paths`.
    private func pluginDirectory(_ paths: [String]) throws -> URL {
        let directory = try TestPaths.scratchDirectory()
        for path in paths {
            try FileManager.default.copyItem(atPath: path, toPath: directory.appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent).path)
        }
        return directory
    }

    private func registry(_ plugins: URL, hellos: URL? = nil, adjust: (inout PluginSettings) -> Void = { _ in }) async -> PluginRegistry {
        var settings = TestPlugins.settings()
        adjust(&settings)
        let registry = PluginRegistry(settings: settings, helloDirectory: hellos?.path, logger: logs.logger())
        await registry.scan([plugins.path], waitForStableFiles: false)
        return registry
    }

    @Test func aRestartStartsNoProviderProcessUntilACallNeedsOne() async throws {
        let plugins = try pluginDirectory([try CProviders.echo()])
        let data = try TestPaths.scratchDirectory()
        let first = await registry(plugins, hellos: data)
        let loaded = try #require(first.plugin(id: "c_echo"))
        #expect(loaded.health.state == .ready && loaded.health.processID != nil, "nothing remembered yet: the process was started to ask")
        first.close()

        let restarted = await registry(plugins, hellos: data)
        defer { restarted.close() }
        let plugin = try #require(restarted.plugin(id: "c_echo"))
        #expect(plugin.manifest == loaded.manifest && plugin.abiVersion == loaded.abiVersion)
        #expect(plugin.health.state == .idle && plugin.health.processID == nil, "registered from what it said before, no process")
        // The create waits for the process to start: on a loaded machine that can take seconds.
        let instance = try await plugin.createInstance(config: config, client: "acme", timeoutMs: 60_000).get()
        #expect(try await instance.invoke("test", input: Data("{}".utf8), timeoutMs: 30_000).status == .ok)
        #expect(plugin.health.processID != nil && plugin.health.restarts == 0, "a start for a call is no restart")
    }

    @Test func whatCannotBeTrustedIsAskedAgain() async throws {
        let echo = try CProviders.echo()
        let plugins = try pluginDirectory([echo])
        let data = try TestPaths.scratchDirectory()
        await registry(plugins, hellos: data).close()

        let copy = plugins.appendingPathComponent(URL(fileURLWithPath: echo).lastPathComponent)
        try FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: echo), to: copy)
        let rewritten = await registry(plugins, hellos: data)
        #expect(rewritten.plugin(id: "c_echo")?.health.state == .ready, "a file written again since is a file to ask")
        rewritten.close()

        try Data("{not json".utf8).write(to: data.appendingPathComponent("provider-hellos.json"))
        let unreadable = await registry(plugins, hellos: data)
        defer { unreadable.close() }
        #expect(unreadable.plugin(id: "c_echo")?.health.state == .ready, "an unreadable cache is an empty one")
    }

    /// A plugin registered from what its file said is never run under that manifest once the file says otherwise.
    @Test func aFileThatNowGivesAnotherManifestIsNotStartedUnderTheOldOne() async throws {
        let echo = try CProviders.echo()
        let plugins = try pluginDirectory([echo])
        let data = try TestPaths.scratchDirectory()
        await registry(plugins, hellos: data).close()
        let restarted = await registry(plugins, hellos: data)
        defer { restarted.close() }
        let plugin = try #require(restarted.plugin(id: "c_echo"))

        let file = plugins.appendingPathComponent(URL(fileURLWithPath: echo).lastPathComponent)
        try FileManager.default.removeItem(at: file)
        try FileManager.default.copyItem(atPath: try CProviders.misbehaving("ABI_1_0"), toPath: file.path)
        let error = await #expect(throws: PluginCallError.self) { try await plugin.createInstance(config: config, client: "acme", timeoutMs: 60_000) }
        #expect(error?.code == .providerUnavailable)
        #expect(error?.message.contains("no longer gives the manifest of 'c_echo'") == true, "\(error?.message ?? "")")
    }

    @Test func aProcessLeftWithoutCallsExitsButNotOneACallHolds() async throws {
        let hang = try CProviders.misbehaving("HANG")
        let plugins = try pluginDirectory([try CProviders.echo(), hang])
        let registry = await registry(plugins) { $0.idleExit = .milliseconds(500) }
        defer { registry.close() }
        let echo = try await #require(registry.plugin(id: "c_echo")).createInstance(config: config, client: "acme", timeoutMs: 60_000).get()
        let busy = try await #require(registry.plugin(id: "misbehaving_hang")).createInstance(
            config: Data(#"{"token":"x"}"#.utf8), client: "acme", timeoutMs: 60_000
        ).get()

        let release = try TestPaths.scratchDirectory().appendingPathComponent("release")
        let held = Task { try await busy.invoke("test", input: Data(#"{"until":"\#(release.path)"}"#.utf8), timeoutMs: 60_000) }
        #expect(await eventually { busy.plugin.callsInFlight == 1 && busy.plugin.health.state == .ready })
        let busyProcess = try #require(busy.plugin.health.processID)
        // Started again if it went idle meanwhile (a loaded machine can take that long): either way it runs now.
        #expect(try await echo.invoke("test", input: Data("{}".utf8), timeoutMs: 30_000).status == .ok)
        let echoProcess = try #require(echo.plugin.health.processID)

        #expect(await eventually { echo.plugin.health.state == .idle }, "no call for 500 ms: the process is stopped")
        #expect(await eventually { kill(echoProcess, 0) != 0 }, "and is gone")
        #expect(busy.plugin.health.processID == busyProcess, "the same idle time passed for the process a call holds, which stays")
        try Data().write(to: release)
        #expect(try await held.value.status == .ok)

        let again = try await echo.invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
        #expect(again.status == .ok, "the next call starts it again and creates the instance in it: \(again.errorMessage ?? "")")
        #expect(echo.plugin.health.restarts == 0, "a start after idleness is no restart")
        #expect(logs.recorded.contains { $0.contains("provider process stopped after 500 ms without a call") })
    }
}
