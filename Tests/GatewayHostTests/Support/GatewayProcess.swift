import Foundation
import GatewayHost
import FoundationNetworking

/// The real `gateway` binary run as a child process, for tests where the process boundary matters.
final class GatewayProcess {
    let port: Int
    /// Where the server's stderr (its log lines) goes.
    let logFile: URL
    /// The environment the server runs with (its own data directory), for commands run against the same install.
    let environment: [String: String]
    private let process: ChildProcess

    /// Runs `gateway serve` (or another role) on a free loopback port with `pluginDirectory` as its only plugin
    /// directory and a fresh embedded install in a scratch data directory; `extra` adds to or overrides the environment.
    init(pluginDirectory: URL, arguments: [String] = ["serve"], environment extra: [String: String] = [:]) throws {
        port = try FreePort.next()
        environment = ProcessInfo.processInfo.environment.merging(
            [
                "GATEWAY_HOST": "127.0.0.1", "GATEWAY_PORT": "\(port)", "GATEWAY_PLUGIN_DIRS": pluginDirectory.path,
                "GATEWAY_DATA_DIR": try TestPaths.scratchDirectory().appendingPathComponent("data").path,
                "GATEWAY_ALLOWED_NETWORKS": TestPlugins.loopback.description,
            ].merging(extra) { $1 }
        ) { $1 }
        logFile = try TestPaths.scratchDirectory().appendingPathComponent("gateway.log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process = try ChildProcess(
            TestPaths.gatewayBinary, arguments, environment: environment, errors: .file(try FileHandle(forWritingTo: logFile)))
    }

    deinit {
        process.signal(SIGTERM)
        process.wait()
    }

    /// Sends `signal` (SIGKILL: a crash; SIGTERM: a graceful stop) and waits for the process to exit; returns how it
    /// ended.
    @discardableResult
    func stop(with signal: Int32) -> ChildProcess.Termination {
        process.signal(signal)
        return process.wait()
    }

    /// The server's log so far, one line each.
    var logLines: [String] {
        ((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Runs another `gateway` command against the same install; returns its exit status and stdout.
    func command(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let command = try ChildProcess(TestPaths.gatewayBinary, arguments, environment: environment, output: .pipe)
        let text = String(decoding: command.output?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        return (command.wait().status, text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private var issuedToken: String?

    /// An admin token from `gateway token issue` (issued once), once the server answers: a command run on the fresh
    /// data directory while the server still creates it can fail, and an empty token is only a puzzling 401 later.
    func adminToken() async throws -> String {
        if let issuedToken { return issuedToken }
        _ = try await get("/health/live")
        let issued = try command(["token", "issue", "--client", "ops", "--role", "admin"])
        guard issued.status == 0, !issued.output.isEmpty else { throw TokenNotIssued(status: issued.status, output: issued.output) }
        issuedToken = issued.output
        return issued.output
    }

    struct TokenNotIssued: Error {
        let status: Int32
        let output: String
    }

    /// GETs `path` (with a bearer token when given), retrying while the server starts.
    func get(_ path: String, token: String? = nil) async throws -> (status: Int, body: Data) {
        try await request("GET", path, token: token)
    }

    /// Sends a request with an optional JSON body, retrying while the server starts (nothing has answered yet) or until
    /// it exits.
    func request(_ method: String, _ path: String, token: String? = nil, json: String? = nil) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        let deadline = ContinuousClock.now + Self.startAllowance
        while ContinuousClock.now < deadline, process.isRunning {
            if let (data, response) = try? await URLSession.shared.data(for: request), let http = response as? HTTPURLResponse {
                return (http.statusCode, data)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw NoAnswer(running: process.isRunning, log: logLines.suffix(20).joined(separator: "\n"))
    }

    /// How long a server may take to answer its first request: a debug build starting while the whole suite runs on
    /// two cores has taken over 10 s.
    static let startAllowance: Duration = .seconds(60)

    /// The server never answered: still starting after `startAllowance`, or exited (its last log lines say why).
    struct NoAnswer: Error, CustomStringConvertible {
        let running: Bool
        let log: String
        var description: String { (running ? "the server did not answer in time" : "the server exited") + "; its log ends:\n" + log }
    }
}
