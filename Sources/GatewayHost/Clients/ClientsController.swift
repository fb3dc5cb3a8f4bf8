import Foundation
import HTTPTypes
import Hummingbird

/// Tenants, for admins: create one, list them. And the acting client's audit trail.
struct ClientsController {
    let store: any ClientStore
    let audit: any AuditLog
    /// Told when a client's limits change, so they apply at once here.
    let limits: RequestLimits
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
            switch try await store.createClient(id: body.id, name: body.name, actor: try context.caller().actor, at: Date()) {
            case .created(let record):
                return EncodedResponse(status: .created, body: Created(client: ClientView(record)))
            case .invalidID:
                throw GatewayError(
                    .unprocessableContent, .validationError, "field 'id' must be 1-64 lower-case letters, digits, '-' or '_'",
                    details: ["field": .string("id")])
            case .exists:
                throw GatewayError(.conflict, .conflict, "a client with that id exists")
            }
        }
        routes.get("/api/clients", summary: "Every client", response: "ClientList", access: .admin, on: router) { _, _ in
            ClientList(clients: try await store.clients().map(ClientView.init))
        }
        routes.add(
            .put, "/api/clients/{id}/limits",
            summary:
                "Set a client's limits a minute (webhooks_per_minute 1000, api_per_minute 600, sends_per_minute 6000; absent: the default)",
            request: "ClientLimits",
            response: "ClientLimitsResponse", access: .admin, on: router
        ) { request, context in
            let limits = try await request.decodeJSON(as: ClientLimits.self, context: context)
            if let field = limits.outOfRange {
                throw GatewayError(
                    .unprocessableContent, .validationError, "\(field) must be 1 to \(ClientLimits.maximum)", details: ["field": .string(field)])
            }
            guard try await store.setClientLimits(clientID: try context.parameters.require("id"), limits, actor: try context.caller().actor) else {
                throw GatewayError(.notFound, .notFound, "no such client")
            }
            self.limits.limitsChanged(clientID: try context.parameters.require("id"))
            return LimitsResponse(limits: limits.effective)
        }
        routes.get("/api/audit", summary: "The client's audit trail, newest first (100 entries)", response: "AuditLog", access: .tenant, on: router) {
            _, context in
            let entries = try await audit.auditLog(clientID: try context.actingClientID(), limit: 100)
            return AuditView(
                entries: entries.map {
                    .init(actor: $0.actor, action: $0.action, target: $0.target, detail: $0.detail, created_at: $0.createdAt.formatted(.iso8601))
                })
        }
    }
}
