import Foundation
import HTTPTypes
import Hummingbird
import MCP

/// `/mcp`: the Model Context Protocol endpoint (Streamable HTTP, 2025-11-25), authenticated like every tenant route.
/// POST carries JSON-RPC; GET (no server-initiated stream is offered) and DELETE (no sessions) answer 405.
struct MCPController {
    let endpoint: MCPEndpoint
    let origins: MCPOriginPolicy
    let routes: RouteTable

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.add(
            .post, "/mcp", summary: "MCP Streamable HTTP: JSON-RPC requests of an agent's MCP client (tools/list, tools/call), answered as JSON",
            request: "JSONRPCMessage", response: "JSONRPCMessage", access: .tenant, on: router
        ) { request, context in
            guard origins.allows(request.headers[.origin]) else {
                throw GatewayError(.forbidden, .forbidden, "this Origin may not call /mcp (GATEWAY_MCP_ALLOWED_ORIGINS lists those that may)")
            }
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            if let problem = JSONRPCShape.problem(Data(body.readableBytesView)) {
                return Response(
                    status: .badRequest, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: JSONRPCShape.invalidRequest(problem))))
            }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            // No Accept, or a wildcard, accepts JSON (RFC 9110); the SDK's check wants it said.
            let accept = request.headers[.accept] ?? "*/*"
            if accept.contains("*/*") || accept.contains("application/*") { headers[HTTPField.Name.accept.canonicalName] = "application/json" }
            let caller = ToolCaller(clientID: try context.actingClientID(), actor: try context.caller().actor)
            let answer = await endpoint.handle(
                MCP.HTTPRequest(method: "POST", headers: headers, body: Data(body.readableBytesView), path: "/mcp"), caller: caller)
            return Self.response(answer)
        }
    }

    private static func response(_ answer: MCP.HTTPResponse) -> Response {
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            if let name = HTTPField.Name(name) { headers[name] = value }
        }
        let body = answer.bodyData.map { ResponseBody(byteBuffer: ByteBuffer(bytes: $0)) } ?? ResponseBody()
        return Response(status: HTTPTypes.HTTPResponse.Status(code: answer.statusCode), headers: headers, body: body)
    }
}
