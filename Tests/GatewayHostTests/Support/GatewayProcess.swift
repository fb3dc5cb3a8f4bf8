import Foundation
import FoundationNetworking

/// The real `gateway` binary run as a child process, for tests where the process boundary matters.
final class GatewayProcess {
    let port: Int
    /// Where the server's stderr (its log lines) goes.
    let logFile: URL
    private let process = Process()

    /// Runs `gateway serve` on a free loopback port with `pluginDirectory` as its only plugin directory.
    init(pluginDirectory: URL) throws {
        port = try FreePort.next()
        process.executableURL = URL(fileURLWithPath: TestPaths.gatewayBinary)
        process.arguments = ["serve"]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["GATEWAY_HOST": "127.0.0.1", "GATEWAY_PORT": "\(port)", "GATEWAY_PLUGIN_DIRS": pluginDirectory.path]
        ) { $1 }
        logFile = try TestPaths.scratchDirectory().appendingPathComponent("gateway.log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// The server's log so far, one line each.
    var logLines: [String] {
        ((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
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
