import Foundation
import Hummingbird

/// `/console/keys`: the acting client's API keys; a new one is shown on the answer to its creation only (the store
/// keeps its hash), and any can be revoked, as `POST /api/keys` and `DELETE /api/keys/{id}` do.
extension ConsoleController {
    func addKeyRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/console/keys") { request, _ in
            guard let session = await session(request) else { return Self.redirect("/console/sign-in") }
            return try await keysPage(request, session: session, created: nil, error: nil)
        }
        router.post("/console/keys") { request, _ in
            guard let (session, form) = try await signedInPost(request) else { return Self.refusedForm }
            let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard let issued = try await credentials.issueAPIKey(clientID: session.clientID, name: name, actor: session.identity.actor, at: Date())
            else { return try await keysPage(request, session: session, created: nil, error: language(request).text["keyName"]) }
            return try await keysPage(request, session: session, created: issued.key, error: nil)
        }
        router.post("/console/keys/{id}/revoke") { request, context in
            guard let (session, _) = try await signedInPost(request) else { return Self.refusedForm }
            // Another client's id, or a key already revoked: the list shows what there is.
            _ = try await credentials.revokeAPIKey(
                clientID: session.clientID, id: try context.parameters.require("id"), at: Date(), actor: session.identity.actor)
            return Self.redirect("/console/keys")
        }
    }

    private func keysPage(_ request: Request, session: Session, created: String?, error: String?) async throws -> Response {
        let keys = try await credentials.apiKeys(clientID: session.clientID).map { key in
            [
                "id": key.id, "name": key.name, "created": key.createdAt.formatted(.iso8601), "revoked": key.revokedAt?.formatted(.iso8601) ?? "",
                "live": key.revokedAt == nil,
            ] as [String: Any]
        }
        var values: [String: Any] = ["onKeys": true, "keys": keys, "hasKeys": !keys.isEmpty]
        if let created { values["created"] = created }
        if let error { values["error"] = error }
        return page("keys", request, session: session, status: error == nil ? .ok : .unprocessableContent, values)
    }
}
