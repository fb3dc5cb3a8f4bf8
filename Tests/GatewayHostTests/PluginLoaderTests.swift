import Foundation
import GatewayHost
import Logging
import Testing

@Suite struct PluginLoaderTests {
    let logger = Logger(label: "test")

    private func load(_ path: String) async -> Result<LoadedPlugin, PluginLoadError> {
        await PluginLoader.load(path: path, logger: logger, graceMs: 500)
    }

    @Test func loadsTheCProviderAndReadsItsManifest() async throws {
        let plugin = try await load(CProviders.echo()).get()
        #expect(plugin.manifest.id == "c_echo")
        #expect(plugin.manifest.ops == ["test", "send", "echo", "noop"])
        #expect(plugin.manifest.config.first { $0.name == "token" }?.secret == true)
        #expect(plugin.manifest.threadSafe)
        #expect(plugin.abiVersion == "1.0")
        #expect(plugin.webhookVectors != nil)
    }

    @Test func loadsTheSwiftProvider() async throws {
        let plugin = try await load(TestPaths.swiftEchoPlugin).get()
        #expect(plugin.manifest.id == "swift_http_echo")
        #expect(plugin.manifest.config.map(\.name) == ["endpoint", "token"])
    }

    @Test(arguments: [
        ("NO_ENTRY", PluginLoadError.Code.missingEntry),
        ("BAD_SIZE", .badStructSize),
        ("NEWER_MINOR", .newerMinor),
        ("OTHER_MAJOR", .abiMajorMismatch),
        ("BAD_MANIFEST", .invalidManifest),
    ])
    func refusesABrokenPluginWithItsReason(variant: String, code: PluginLoadError.Code) async throws {
        let path = try CProviders.misbehaving(variant)
        let error = try #require(await load(path).failure)
        #expect(error.code == code)
        #expect(error.description.hasPrefix("\(path): refused (\(code)): "))
    }

    @Test func refusesAFileThatIsNotALibrary() async throws {
        let file = try TestPaths.scratchDirectory().appendingPathComponent("libnotes.so")
        try Data("not an ELF file".utf8).write(to: file)
        let error = try #require(await load(file.path).failure)
        #expect(error.code == .notALibrary)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
