import Hummingbird

/// `PUT /api/agent` sets the client's agent endpoint and turn settings (the signing secret appears once, in the answer
/// that generated it); `GET /api/agent` shows them without secrets; `DELETE /api/agent` stops the turns.
struct AgentController {
    let service: AgentService
    let routes: RouteTable

    struct AgentResponse: ResponseEncodable {
        var success = true
        let agent: AgentService.View
    }

    struct Removed: ResponseEncodable {
        var success = true
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.add(
            .put, "/api/agent", summary: "Set the agent endpoint and how inbound messages become turns; rotate_secret (rotate_tool_secret) makes a new signing (http tool) secret",
            request: "AgentRequest", response: "AgentResponse", access: .tenant, on: router
        ) { request, context in
            let body = try await request.decodeJSON(as: AgentService.Request.self, context: context)
            return AgentResponse(agent: try await service.configure(clientID: try context.actingClientID(), body, actor: try context.caller().actor))
        }
        routes.get(
            "/api/agent", summary: "The agent endpoint and turn settings (never the secrets)", response: "AgentResponse", access: .tenant, on: router
        ) {
            _, context in
            AgentResponse(agent: try await service.agent(clientID: try context.actingClientID()))
        }
        routes.add(
            .delete, "/api/agent", summary: "Stop handing turns to the agent: its endpoint, settings and open turns go", response: "AgentRemoved",
            access: .tenant, on: router
        ) {
            _, context in
            try await service.remove(clientID: try context.actingClientID(), actor: try context.caller().actor)
            return Removed()
        }
    }
}
