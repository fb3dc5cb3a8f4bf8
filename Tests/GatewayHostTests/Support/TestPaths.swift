import Foundation

/// Where the tests find the repository, the build products and a scratch directory.
enum TestPaths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// SwiftPM's output directory: the test binary, the `gateway` binary and the Swift plugin products live here.
    static let buildDirectory: URL = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
    }()

    static let gatewayBinary = buildDirectory.appendingPathComponent("gateway").path
    static let swiftEchoPlugin = buildDirectory.appendingPathComponent("libSwiftHTTPEcho.so").path
    static let swiftTrapPlugin = buildDirectory.appendingPathComponent("libSwiftTrapFixture.so").path

    /// A new empty directory under the system temp directory.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gateway-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
