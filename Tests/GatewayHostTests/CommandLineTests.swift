import Foundation
import Testing

/// The `gateway` binary's provider test harness and plugin commands, run as a user would.
@Suite struct CommandLineTests {
    private func gateway(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.gatewayBinary)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func providerTestPassesTheCProvider() throws {
        let (status, output) = try gateway(["provider-test", try CProviders.echo()])
        let lines = output.split(separator: "\n")
        #expect(status == 0)
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("PASS ") })
        #expect(lines.last?.hasSuffix(" passed, 0 failed") == true)
    }

    @Test func providerTestNamesEachFailureAndExitsNonZero() throws {
        let (status, output) = try gateway(["provider-test", try CProviders.misbehaving("SLOPPY")])
        #expect(status != 0)
        #expect(output.contains("FAIL an unknown op is UNSUPPORTED: got OK"))
        #expect(output.contains("FAIL output buffers come from the host allocator: "))
        #expect(output.split(separator: "\n").last?.hasSuffix(" passed, 5 failed") == true)
    }

    @Test func providerTestUsesAConfigFile() throws {
        let config = try TestPaths.scratchDirectory().appendingPathComponent("config.json")
        try Data(#"{"token":"from-file","prefix":""}"#.utf8).write(to: config)
        let (status, output) = try gateway(["provider-test", try CProviders.echo(), "--config", config.path])
        #expect(status == 0, "\(output)")
    }

    @Test func inspectPrintsTheManifestOrTheRefusal() throws {
        let (status, output) = try gateway(["plugins", "inspect", TestPaths.swiftEchoPlugin])
        #expect(status == 0)
        #expect(output.contains(#""id" : "swift_http_echo""#))

        let (refused, reason) = try gateway(["plugins", "inspect", try CProviders.misbehaving("NEWER_MINOR")])
        #expect(refused != 0)
        #expect(reason.contains("refused (newer_abi_minor): ABI 1.1 is newer than the host's 1.0"))
    }
}
