package import Foundation
package import Logging
import MCP

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `gateway mcp`: serves a desktop MCP client on stdin/stdout by forwarding each message to a gateway's `/mcp` with
/// the API key, so the tools, their rules and their audit are the server's own, and the tenant is the key's.
package struct MCPStdioBridge: Sendable {
    let endpoint: URL
    let credential: String
    let logger: Logger

    package init(endpoint: URL, credential: String, logger: Logger) {
        self.endpoint = endpoint
        self.credential = credential
        self.logger = logger
    }

    /// Runs until stdin closes (the client is gone).
    package func run() async throws {
        // The SDK's transports log every empty 202 as a warning; only their errors are worth a line.
        var transportLogger = logger
        transportLogger.logLevel = .error
        let stdio = StdioTransport(logger: transportLogger)
        let credential = credential
        let http = HTTPClientTransport(
            endpoint: endpoint, streaming: false,
            requestModifier: { request in
                var request = request
                request.setValue("Bearer \(credential)", forHTTPHeaderField: "Authorization")
                return request
            },
            logger: transportLogger
        )
        try await stdio.connect()
        try await http.connect()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await answer in await http.receive() { try await stdio.send(answer) }
            }
            // Each message on its own task: a tool call that waits for a send's outcome does not hold up the others.
            for try await message in await stdio.receive() {
                group.addTask { await forward(message, from: stdio, to: http) }
            }
            group.cancelAll()
        }
        await http.disconnect()
        await stdio.disconnect()
    }

    private func forward(_ message: Data, from stdio: StdioTransport, to http: HTTPClientTransport) async {
        do {
            try await http.send(message)
        } catch {
            logger.warning("the gateway did not take an MCP message", metadata: ["error.message": "\(error)"])
            if let reply = Self.errorReply(to: message, error) { try? await stdio.send(reply) }
        }
    }

    /// A request the gateway did not answer (refused credentials, unreachable) still gets its answer: a JSON-RPC
    /// error with the request's id, so the client does not wait forever. Notifications get none.
    static func errorReply(to message: Data, _ error: any Error) -> Data? {
        guard let request = try? JSONDecoder().decode([String: JSONValue].self, from: message), let id = request["id"], request["method"] != nil
        else {
            return nil
        }
        let reason = (error as? MCPError)?.errorDescription ?? "\(error)"
        let reply: JSONValue = [
            "jsonrpc": "2.0", "id": id,
            "error": ["code": .integer(Int64((error as? MCPError)?.code ?? -32603)), "message": .string("the gateway did not answer: \(reason)")],
        ]
        return try? JSONEncoder().encode(reply)
    }
}
