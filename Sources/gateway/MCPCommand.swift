import ArgumentParser
import Foundation
import GatewayHost

/// `gateway mcp`: the gateway's MCP tools on stdio, for desktop MCP clients.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the gateway's MCP tools on stdin/stdout (for desktop MCP clients), forwarding to a running gateway's /mcp."
    )

    @Option(help: "An API key (gwk_...) or access token; default GATEWAY_API_KEY. The tools act for its client.") var apiKey: String?
    @Option(help: "The gateway's MCP endpoint.") var url = "http://127.0.0.1:8080/mcp"

    func run() async throws {
        guard let credential = apiKey ?? ProcessInfo.processInfo.environment["GATEWAY_API_KEY"], !credential.isEmpty else {
            throw ValidationError("give --api-key (or set GATEWAY_API_KEY)")
        }
        guard let endpoint = URL(string: url), ["http", "https"].contains(endpoint.scheme ?? ""), endpoint.host != nil else {
            throw ValidationError("--url must be an http(s) URL")
        }
        let logger = GatewayLogging.bootstrap(label: "gateway.mcp")
        try await MCPStdioBridge(endpoint: endpoint, credential: credential, logger: logger).run()
    }
}
