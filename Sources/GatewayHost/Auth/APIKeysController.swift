import Foundation
import HTTPTypes
import Hummingbird

/// API keys for machine callers (agents): created for the acting client, shown once, stored hashed, revocable.
struct APIKeysController {
    let store: any CredentialStore
    let routes: RouteTable

    struct CreateRequest: Decodable {
        let name: String
    }

    struct KeyView: Encodable {
        let id: String
        let name: String
        let created_at: String
        let revoked_at: String?

        init(_ record: APIKeyRecord) {
            id = record.id
            name = record.name
            created_at = record.createdAt.formatted(.iso8601)
            revoked_at = record.revokedAt?.formatted(.iso8601)
        }
    }

    struct Created: ResponseEncodable {
        var success = true
        let api_key: KeyView
        /// The whole key, shown this once.
        let key: String
    }

    struct KeyList: ResponseEncodable {
        var success = true
        let api_keys: [KeyView]
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.add(
            .post, "/api/keys", summary: "Create an API key for the client; the key is in this response only", request: "CreateAPIKey",
            response: "APIKeyCreated", successStatus: .created, access: .tenant, on: router
        ) {
            request, context in
            let body = try await request.decodeJSON(as: CreateRequest.self, context: context)
            guard let issued = try await store.issueAPIKey(clientID: try context.actingClientID(), name: body.name, actor: try context.caller().actor, at: Date())
            else {
                throw GatewayError(
                    .unprocessableContent, .validationError, "field 'name' must be 1 to 100 characters", details: ["field": .string("name")])
            }
            return EncodedResponse(status: .created, body: Created(api_key: KeyView(issued.record), key: issued.key))
        }
        routes.get("/api/keys", summary: "The client's API keys (never the keys themselves)", response: "APIKeyList", access: .tenant, on: router) {
            _, context in
            KeyList(api_keys: try await store.apiKeys(clientID: try context.actingClientID()).map(KeyView.init))
        }
        routes.add(.delete, "/api/keys/{id}", summary: "Revoke an API key", response: "Deleted", access: .tenant, on: router) { _, context in
            let id = try context.parameters.require("id")
            guard try await store.revokeAPIKey(clientID: try context.actingClientID(), id: id, at: Date(), actor: try context.caller().actor) else {
                throw GatewayError(.notFound, .notFound, "no live API key with that id")
            }
            return Deleted(id: id)
        }
    }
}
