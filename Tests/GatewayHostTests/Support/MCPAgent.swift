import Foundation

@testable import GatewayHost

/// An agent using the official Python MCP SDK (Tests/Fixtures/mcp_session.py): it runs a plan of steps over Streamable
/// HTTP or stdio and reports what it saw.
enum MCPAgent {
    struct Report {
        let json: [String: JSONValue]

        var failed: String? { json["failed"]?.stringValue }
        var statuses: [JSONValue] { json["http_statuses"]?.arrayValue ?? [] }
        var protocolVersion: String? { json["protocol_version"]?.stringValue }
        var results: [JSONValue] { json["results"]?.arrayValue ?? [] }
    }

    static func overHTTP(port: Int, token: String?, _ steps: [JSONValue]) async throws -> Report {
        var plan: [String: JSONValue] = ["transport": "http", "url": .string("http://127.0.0.1:\(port)/mcp"), "steps": .array(steps)]
        if let token { plan["token"] = .string(token) }
        return try await run(plan)
    }

    /// Through `gateway mcp --api-key <key>`, which the SDK starts as its stdio server.
    static func overStdio(port: Int, apiKey: String, _ steps: [JSONValue]) async throws -> Report {
        let command = [TestPaths.gatewayBinary, "mcp", "--api-key", apiKey, "--url", "http://127.0.0.1:\(port)/mcp"]
        return try await run(["transport": "stdio", "command": .array(command.map(JSONValue.string)), "steps": .array(steps)])
    }

    static func call(_ tool: String, _ arguments: [String: JSONValue] = [:]) -> JSONValue {
        ["op": "call", "tool": .string(tool), "arguments": .object(arguments)]
    }

    static let list: JSONValue = ["op": "list"]

    private static func run(_ plan: [String: JSONValue]) async throws -> Report {
        let planText = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        let output = try await PythonClient.run("mcp_session.py", arguments: [planText])
        return Report(json: try JSONDecoder().decode([String: JSONValue].self, from: output))
    }
}
