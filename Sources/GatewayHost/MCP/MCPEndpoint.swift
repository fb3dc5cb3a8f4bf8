import Foundation
import MCP
import Synchronization

/// Answers one MCP Streamable HTTP request with the SDK's server, statelessly: each POST is served on its own with a
/// JSON answer and no session, so any gateway process can serve any request, and the tools act for the request's
/// credential alone (decision 0023).
struct MCPEndpoint: Sendable {
    let toolbox: AgentToolbox

    static let serverName = "gateway"
    static let serverVersion = "1.0.0"
    static let instructions = """
        Tools of the gateway for one client: send WhatsApp and email messages through its integrations, follow their delivery, and \
        read its database. Every tool acts for the client of the credential; a failed call answers isError with an error_code.
        """
    /// The longest a request may take (the slowest tools wait 30 s for a send or a query): past it the request answers
    /// an error instead of holding its connection, and a shutdown, on a call the SDK never finishes.
    static let deadline: Duration = .seconds(120)

    func handle(_ request: MCP.HTTPRequest, caller: ToolCaller) async -> MCP.HTTPResponse {
        let server = Server(
            name: Self.serverName, version: Self.serverVersion, instructions: Self.instructions, capabilities: .init(tools: .init(listChanged: false))
        )
        let toolbox = toolbox
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: toolbox.definitions) }
        await server.withMethodHandler(CallTool.self) { call in try await toolbox.call(call.name, arguments: call.arguments, caller: caller) }
        // Origin is checked before this (MCPController); JSON answers only, so clients need not accept SSE.
        let transport = StatelessHTTPServerTransport(
            validationPipeline: StandardValidationPipeline(validators: [
                AcceptHeaderValidator(mode: .jsonOnly), ContentTypeValidator(), ProtocolVersionValidator(),
            ])
        )
        do {
            try await server.start(transport: transport)
        } catch {
            return .error(statusCode: 500, .internalError("the MCP server could not start"))
        }
        let response = await Self.answer(within: Self.deadline) { await transport.handleRequest(request) }
        await server.stop()
        return response ?? .error(statusCode: 504, .internalError("the MCP request did not finish within \(Self.deadline)"))
    }

    /// `work`'s answer, or nil once `limit` has passed (the work is left to finish, or not, on its own).
    static func answer(
        within limit: Duration, _ work: @escaping @Sendable () async -> MCP.HTTPResponse
    ) async -> MCP.HTTPResponse? {
        await withCheckedContinuation { continuation in
            let pending = Mutex<CheckedContinuation<MCP.HTTPResponse?, Never>?>(continuation)
            let finish: @Sendable (MCP.HTTPResponse?) -> Void = { answer in pending.withLock { $0.take() }?.resume(returning: answer) }
            let timer = Task {
                // Cancelled: the work finished first and answers.
                guard (try? await Task.sleep(for: limit)) != nil else { return }
                finish(nil)
            }
            Task {
                let answer = await work()
                timer.cancel()
                finish(answer)
            }
        }
    }
}
