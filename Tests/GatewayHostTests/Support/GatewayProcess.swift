import Foundation
import FoundationNetworking

/// The real `gateway` binary run as a child process, for tests where the process boundary matters.
final class GatewayProcess {
    let port: Int
    private let process = Process()

    /// Runs `gateway serve` on a free loopback port with `pluginDirectory` as its only plugin directory.
    init(pluginDirectory: URL) throws {
        port = try FreePort.next()
        process.executableURL = URL(fileURLWithPath: TestPaths.gatewayBinary)
        process.arguments = ["serve"]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["GATEWAY_HOST": "127.0.0.1", "GATEWAY_PORT": "\(port)", "GATEWAY_PLUGIN_DIRS": pluginDirectory.path]
        ) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// GETs `path`, retrying while the server starts.
    func get(_ path: String) async throws -> (status: Int, body: Data) {
        let url = URL(string: "http://127.0.0.1:\(port)\(path)")!
        for _ in 0..<100 {
            if let (data, response) = try? await URLSession.shared.data(from: url), let http = response as? HTTPURLResponse {
                return (http.statusCode, data)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw URLError(.cannotConnectToHost)
    }
}
