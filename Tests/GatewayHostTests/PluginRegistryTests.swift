import Foundation
import GatewayHost
import Logging
import Testing

@Suite struct PluginRegistryTests {
    @Test func loadsEveryLibraryAndRecordsEachRefusal() async throws {
        let directory = try TestPaths.scratchDirectory()
        try FileManager.default.copyItem(atPath: CProviders.echo(), toPath: directory.appendingPathComponent("libc_echo.so").path)
        try FileManager.default.copyItem(atPath: CProviders.misbehaving("NEWER_MINOR"), toPath: directory.appendingPathComponent("libnewer.so").path)
        try Data("junk".utf8).write(to: directory.appendingPathComponent("libjunk.so"))
        try Data("ignored".utf8).write(to: directory.appendingPathComponent("README.txt"))

        let registry = PluginRegistry(settings: TestPlugins.settings(graceMs: 500), logger: Logger(label: "test"))
        await registry.scan([directory.path, "/nonexistent/plugins"], waitForStableFiles: false)

        #expect(registry.plugins.map(\.manifest.id) == ["c_echo"])
        #expect(registry.loadErrors.map(\.code) == [.notALibrary, .newerMinor])
    }

    @Test func refusesASecondPluginWithTheSameIdAndKeepsTheFirst() async throws {
        let first = try TestPaths.scratchDirectory()
        let second = try TestPaths.scratchDirectory()
        try FileManager.default.copyItem(atPath: CProviders.echo(), toPath: first.appendingPathComponent("libc_echo.so").path)
        try FileManager.default.copyItem(atPath: CProviders.echo(), toPath: second.appendingPathComponent("libc_echo_copy.so").path)

        let registry = PluginRegistry(settings: TestPlugins.settings(graceMs: 500), logger: Logger(label: "test"))
        await registry.scan([first.path, second.path], waitForStableFiles: false)

        #expect(registry.plugin(id: "c_echo")?.path == first.appendingPathComponent("libc_echo.so").path)
        let error = try #require(registry.loadErrors.first)
        #expect(error.code == .duplicateId)
        #expect(error.path.hasSuffix("libc_echo_copy.so"))
    }

    @Test func waitsForADroppedFileToSettleThenLoadsIt() async throws {
        let directory = try TestPaths.scratchDirectory()
        let registry = PluginRegistry(settings: TestPlugins.settings(graceMs: 500), logger: Logger(label: "test"))
        await registry.scan([directory.path], waitForStableFiles: true)
        #expect(registry.plugins.isEmpty)

        try FileManager.default.copyItem(atPath: CProviders.echo(), toPath: directory.appendingPathComponent("libc_echo.so").path)
        await registry.scan([directory.path], waitForStableFiles: true)
        #expect(registry.plugins.isEmpty, "a file seen for the first time may still be being copied")
        await registry.scan([directory.path], waitForStableFiles: true)
        #expect(registry.plugins.map(\.manifest.id) == ["c_echo"])
    }
}
