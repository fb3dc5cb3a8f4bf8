import Foundation
import Hummingbird

/// `/console/admin/clients` (admins only): every client with its limits a minute, a new client, and one client's
/// limits set, by the same rules as `POST /api/clients` and `PUT /api/clients/{id}/limits`.
extension ConsoleController {
    func addAdminRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/console/admin/clients") { request, _ in
            guard let session = await session(request) else { return Self.redirect("/console/sign-in") }
            guard session.identity.role == .admin else { return page("not-found", request, session: session, status: .notFound, [:]) }
            return try await clientsPage(request, session: session, error: nil)
        }
        router.post("/console/admin/clients") { request, _ in
            guard let (session, form) = try await signedInPost(request), session.identity.role == .admin else { return Self.refusedForm }
            let t = language(request).text
            let name = String((form["name"] ?? "").prefix(200))
            switch try await clients.createClient(id: form["id"] ?? "", name: name, actor: session.identity.actor, at: Date()) {
            case .created: return Self.redirect("/console/admin/clients")
            case .invalidID: return try await clientsPage(request, session: session, error: t["clientIDRule"])
            case .exists: return try await clientsPage(request, session: session, error: t["clientExists"])
            }
        }
        router.post("/console/admin/clients/{id}/limits") { request, context in
            guard let (session, form) = try await signedInPost(request), session.identity.role == .admin else { return Self.refusedForm }
            let id = try context.parameters.require("id")
            // A blank field is the default; a value that is not a whole number is out of range.
            func value(_ name: String) -> Int? { form[name].flatMap { $0.isEmpty ? nil : (Int($0) ?? 0) } }
            let limits = ClientLimits(
                webhooks_per_minute: value("webhooks_per_minute"), api_per_minute: value("api_per_minute"),
                sends_per_minute: value("sends_per_minute"), events_per_minute: value("events_per_minute"))
            if let field = limits.outOfRange {
                return try await clientsPage(request, session: session, error: "\(field): 1 – \(ClientLimits.maximum)")
            }
            guard try await clients.setClientLimits(clientID: id, limits, actor: session.identity.actor) else {
                return page("not-found", request, session: session, status: .notFound, [:])
            }
            self.limits.limitsChanged(clientID: id)
            return Self.redirect("/console/admin/clients")
        }
    }

    private func clientsPage(_ request: Request, session: Session, error: String?) async throws -> Response {
        var rows: [[String: Any]] = []
        for client in try await clients.clients() {
            let stored = try await clients.clientLimits(clientID: client.id) ?? ClientLimits()
            let fields = [
                ("webhooks_per_minute", stored.webhooks_per_minute, ClientLimits.defaultWebhooksPerMinute),
                ("api_per_minute", stored.api_per_minute, ClientLimits.defaultAPIPerMinute),
                ("sends_per_minute", stored.sends_per_minute, ClientLimits.defaultSendsPerMinute),
                ("events_per_minute", stored.events_per_minute, ClientLimits.defaultEventsPerMinute),
            ]
            rows.append([
                "id": client.id, "name": client.name, "created": client.createdAt.formatted(.iso8601),
                "limits": fields.map { ["field": $0.0, "input": "\(client.id)-\($0.0)", "value": $0.1.map(String.init) ?? "", "default": $0.2] },
            ])
        }
        var values: [String: Any] = ["onAdmin": true, "clients": rows]
        if let error { values["error"] = error }
        return page("clients", request, session: session, status: error == nil ? .ok : .unprocessableContent, values)
    }
}
