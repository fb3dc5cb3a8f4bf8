import Foundation
import GatewayHost
import Logging
import Testing

@Suite struct PluginLoaderTests {
    let logger = Logger(label: "test")

    static let isolations = [PluginSettings.Isolation.process, .inProcess]

    private func load(_ path: String, _ isolation: PluginSettings.Isolation = .process) async -> Result<LoadedPlugin, PluginLoadError> {
        await PluginLoader.load(path: path, settings: TestPlugins.settings(isolation, graceMs: 500), logger: logger)
    }

    @Test(arguments: isolations)
    func loadsTheCProviderAndReadsItsManifest(_ isolation: PluginSettings.Isolation) async throws {
        let plugin = try await load(CProviders.echo(), isolation).get()
        #expect(plugin.manifest.id == "c_echo")
        #expect(plugin.manifest.ops == ["test", "send", "echo", "noop"])
        #expect(plugin.manifest.config.first { $0.name == "token" }?.secret == true)
        #expect(plugin.manifest.threadSafe)
        #expect(plugin.abiVersion == "1.1")
        #expect(plugin.webhookVectors != nil)
        #expect(plugin.isolation == isolation)
        #expect((plugin.health.processID != nil) == (isolation == .process), "a provider process runs only in process mode")
    }

    /// ABI 1.1 only grew the host's table: a plugin built against 1.0 still loads and works, in both modes.
    @Test(arguments: isolations)
    func aPluginBuiltForABI10LoadsInThisHost(_ isolation: PluginSettings.Isolation) async throws {
        let plugin = try await load(CProviders.misbehaving("ABI_1_0"), isolation).get()
        #expect(plugin.abiVersion == "1.0")
        let instance = try await plugin.createInstance(config: Data(#"{"token":"x"}"#.utf8)).get()
        #expect(try await instance.invoke("test", input: Data("{}".utf8), timeoutMs: 30_000).status == .ok)
    }

    @Test(arguments: isolations)
    func loadsTheSwiftProvider(_ isolation: PluginSettings.Isolation) async throws {
        let plugin = try await load(TestPaths.swiftEchoPlugin, isolation).get()
        #expect(plugin.manifest.id == "swift_http_echo")
        #expect(plugin.manifest.config.map(\.name) == ["endpoint", "token"])
    }

    @Test(
        arguments: isolations,
        [
            ("NO_ENTRY", PluginLoadError.Code.missingEntry),
            ("BAD_SIZE", .badStructSize),
            ("NEWER_MINOR", .newerMinor),
            ("OTHER_MAJOR", .abiMajorMismatch),
            ("BAD_MANIFEST", .invalidManifest),
        ])
    func refusesABrokenPluginWithItsReason(_ isolation: PluginSettings.Isolation, variant: (String, PluginLoadError.Code)) async throws {
        let (name, code) = variant
        let path = try CProviders.misbehaving(name)
        let error = try #require(await load(path, isolation).failure)
        #expect(error.code == code)
        #expect(error.description.hasPrefix("\(path): refused (\(code)): "))
    }

    /// A plugin for ABI 1.2 (newer than this host's 1.1) is refused by name.
    @Test func refusesAPluginNewerThanTheHost() async throws {
        let error = try #require(await load(try CProviders.misbehaving("NEWER_MINOR")).failure)
        #expect(error.reason == "ABI 1.2 is newer than the host's 1.1")
    }

    @Test(arguments: isolations)
    func refusesAFileThatIsNotALibrary(_ isolation: PluginSettings.Isolation) async throws {
        let file = try TestPaths.scratchDirectory().appendingPathComponent("libnotes.so")
        try Data("not an ELF file".utf8).write(to: file)
        let error = try #require(await load(file.path, isolation).failure)
        #expect(error.code == .notALibrary)
    }

    /// A plugin whose constructor crashes takes down only its provider process; the loader reports it.
    @Test func aPluginThatCrashesWhileLoadingIsRefused() async throws {
        let error = try #require(await load(try CProviders.misbehaving("CRASH_ON_LOAD")).failure)
        #expect(error.code == .processFailed)
        #expect(error.reason.contains("signal 11"), "\(error.reason)")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
