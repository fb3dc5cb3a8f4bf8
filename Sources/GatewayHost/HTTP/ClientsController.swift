import Foundation
import HTTPTypes
import Hummingbird

/// Tenants, for admins: create one, list them. And the acting client's audit trail.
struct ClientsController {
    let store: any GatewayStore
    let routes: RouteTable

    struct CreateRequest: Decodable {
        let id: String
        let name: String
    }

    struct ClientView: Encodable {
        let id: String
        let name: String
        let created_at: String

        init(_ record: ClientRecord) {
            id = record.id
            name = record.name
            created_at = record.createdAt.formatted(.iso8601)
        }
    }

    struct Created: ResponseEncodable {
        var success = true
        let client: ClientView
    }

    struct ClientList: ResponseEncodable {
        var success = true
        let clients: [ClientView]
    }

    struct AuditView: ResponseEncodable {
        struct Entry: Encodable {
            let actor: String
            let action: String
            let target: String?
            let detail: [String: JSONValue]?
            let created_at: String
        }

        var success = true
        let entries: [Entry]
    }

    struct LimitsResponse: ResponseEncodable {
        var success = true
        let limits: ClientLimits
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.add(
            .post, "/api/clients", summary: "Create a client (tenant)", request: "CreateClient", response: "ClientCreated", successStatus: .created,
            access: .admin, on: router
        ) {
            request, context in
            let body = try await request.decodeJSON(as: CreateRequest.self, context: context)
            let record = ClientRecord(id: try ClientID.validated(body.id, field: "id"), name: body.name, createdAt: Date())
            do {
                try await store.createClient(record, actor: try context.caller().actor)
            } catch let error as StoreError where error.code == .conflict {
                throw GatewayError(.conflict, .conflict, "a client with that id exists")
            }
            return EncodedResponse(status: .created, body: Created(client: ClientView(record)))
        }
        routes.get("/api/clients", summary: "Every client", response: "ClientList", access: .admin, on: router) { _, _ in
            ClientList(clients: try await store.clients().map(ClientView.init))
        }
        routes.add(
            .put, "/api/clients/{id}/limits", summary: "Set a client's limits (webhooks_per_minute; absent: the default, 1000)",
            request: "ClientLimits",
            response: "ClientLimitsResponse", access: .admin, on: router
        ) { request, context in
            let limits = try await request.decodeJSON(as: ClientLimits.self, context: context)
            if let perMinute = limits.webhooks_per_minute, !(1...1_000_000).contains(perMinute) {
                throw GatewayError(
                    .unprocessableContent, .validationError, "webhooks_per_minute must be 1 to 1000000", details: ["field": "webhooks_per_minute"])
            }
            guard try await store.setClientLimits(clientID: try context.parameters.require("id"), limits, actor: try context.caller().actor) else {
                throw GatewayError(.notFound, .notFound, "no such client")
            }
            return LimitsResponse(limits: ClientLimits(webhooks_per_minute: limits.webhooksPerMinute))
        }
        routes.get("/api/audit", summary: "The client's audit trail, newest first (100 entries)", response: "AuditLog", access: .tenant, on: router) {
            _, context in
            let entries = try await store.auditLog(clientID: try context.actingClientID(), limit: 100)
            return AuditView(
                entries: entries.map {
                    .init(actor: $0.actor, action: $0.action, target: $0.target, detail: $0.detail, created_at: $0.createdAt.formatted(.iso8601))
                })
        }
    }
}
