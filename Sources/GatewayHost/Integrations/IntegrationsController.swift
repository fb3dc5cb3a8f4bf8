import Foundation
import HTTPTypes
import Hummingbird

/// The integrations API: configure, status and test for each type, the list, and delete. Every route acts for one
/// client; another client's integration is simply not found.
struct IntegrationsController {
    let service: IntegrationService
    /// The status answer's day (the client's time zone) and its count of sends.
    let hours: any BusinessHoursStore
    let outbound: any OutboundStore
    let routes: RouteTable

    func addRoutes(to router: Router<GatewayRequestContext>) {
        for type in IntegrationType.configurable {
            let base = "/api/integrations/\(type.rawValue)"
            routes.add(
                .post, base + "/configure",
                summary:
                    "Configure the \(type.rawValue) integration (the seed's flat fields, or under config; secrets sealed); tested first unless test is false, and kept only when the test passes",
                request: ConfigureSchemas.name(type), response: "IntegrationResponse", access: .tenant, on: router
            ) { request, context in
                try await configure(type, .primary, request, context)
            }
            routes.get(
                base + "/status", summary: "The \(type.rawValue) integration (secrets masked), with the seed's status figures",
                response: "IntegrationStatusResponse", access: .tenant, on: router
            ) { _, context in
                let record = try await service.integration(clientID: try context.actingClientID(), type: type)
                return try await IntegrationStatusResponse(record, vault: service.vault, hours: hours, outbound: outbound, now: Date())
            }
            routes.add(
                .post, base + "/test", summary: "Run the \(type.rawValue) provider's connection test", response: "ConnectionTestResult",
                access: .tenant, on: router
            ) {
                _, context in
                try await service.test(clientID: try context.actingClientID(), type: type)
            }
        }
        for type in IntegrationType.sending {
            let base = "/api/integrations/\(type.rawValue)/fallbacks"
            routes.add(
                .post, base,
                summary:
                    "Configure a new fallback of the \(type.rawValue) integration (as configure does); it joins the end of the primary's fallback_integration_ids",
                request: ConfigureSchemas.name(type), response: "IntegrationResponse", access: .tenant, on: router
            ) { request, context in
                try await configure(type, .fallback(id: nil), request, context)
            }
            routes.add(
                .post, base + "/{id}", summary: "Configure one of the \(type.rawValue) integration's fallbacks again",
                request: ConfigureSchemas.name(type), response: "IntegrationResponse", access: .tenant, on: router
            ) { request, context in
                try await configure(type, .fallback(id: try context.parameters.require("id")), request, context)
            }
        }
        routes.add(
            .post, "/api/integrations/database/query",
            summary: "Query the client's database: only allowed tables, writes only when not read_only, audited",
            request: "DatabaseQuery", response: "DatabaseQueryResult", access: .tenant, on: router
        ) { request, context in
            let body = try await request.decodeJSON(as: DatabaseQuery.self, context: context)
            return try await service.query(clientID: try context.actingClientID(), body, actor: try context.caller().actor)
        }
        routes.get(
            "/api/integrations", summary: "Every integration of the client, secrets masked", response: "IntegrationList", access: .tenant, on: router
        ) {
            _, context in
            let records = try await service.store.integrations(clientID: try context.actingClientID())
            return IntegrationList(integrations: records.map { IntegrationView($0, vault: service.vault) })
        }
        routes.add(
            .patch, "/api/integrations/{id}",
            summary:
                "Switch an integration off (sends refused 409 INTEGRATION_DISABLED, queued ones wait) or on, and set a primary's fallbacks in failover order",
            request: "IntegrationChange", response: "IntegrationResponse", access: .tenant, on: router
        ) { request, context in
            let body = try await request.decodeJSON(as: IntegrationChange.self, context: context)
            let (clientID, id, actor) = (try context.actingClientID(), try context.parameters.require("id"), try context.caller().actor)
            var changed: IntegrationRecord?
            if let fallbacks = body.fallback_integration_ids {
                changed = try await service.setFallbacks(clientID: clientID, id: id, fallbackIDs: fallbacks, actor: actor)
            }
            if let enabled = body.enabled {
                changed = try await service.setEnabled(clientID: clientID, id: id, enabled: enabled, actor: actor)
            }
            guard let changed else { throw IntegrationError(.invalid, "give enabled, fallback_integration_ids or both") }
            return IntegrationResponse(integration: IntegrationView(changed, vault: service.vault), test: nil)
        }
        routes.add(.delete, "/api/integrations/{id}", summary: "Delete an integration", response: "Deleted", access: .tenant, on: router) {
            _, context in
            let id = try context.parameters.require("id")
            try await service.delete(clientID: try context.actingClientID(), id: id, actor: try context.caller().actor)
            return Deleted(id: id)
        }
    }

    /// Configures the type's primary or one of its fallbacks.
    private func configure(
        _ type: IntegrationType, _ slot: IntegrationService.Slot, _ request: Request, _ context: GatewayRequestContext
    ) async throws -> IntegrationResponse {
        let body = try await request.decodeJSON(as: ConfigureRequest.self, context: context)
        do {
            let (record, test) = try await service.configure(
                clientID: try context.actingClientID(), type: type, slot: slot, request: body, actor: try context.caller().actor
            )
            return IntegrationResponse(integration: IntegrationView(record, vault: service.vault), test: test)
        } catch var error as IntegrationError where body.flat {
            // The fields came flat: name them as they were given.
            error.field = error.field.map { $0.hasPrefix("config.") ? String($0.dropFirst("config.".count)) : $0 }
            throw error
        }
    }
}

/// The body of `PATCH /api/integrations/{id}`: either member, or both.
struct IntegrationChange: Decodable {
    let enabled: Bool?
    /// A primary's fallbacks in failover order (empty: none).
    let fallback_integration_ids: [String]?
}
