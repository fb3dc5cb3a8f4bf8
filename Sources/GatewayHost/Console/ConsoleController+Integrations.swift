import Foundation
import Hummingbird

/// `/console/integrations`: each integration with its status figures, switched on and off, a primary's fallbacks
/// reordered, and links to configure and test each type (`ConsoleController+Configure.swift`).
extension ConsoleController {
    func addIntegrationRoutes(to router: Router<GatewayRequestContext>) {
        router.post("/console/integrations/enabled") { request, _ in
            guard let (session, form) = try await signedInPost(request) else { return Self.refusedForm }
            do {
                _ = try await integrations.setEnabled(
                    clientID: session.clientID, id: form["id"] ?? "", enabled: form["enabled"] == "true", actor: session.identity.actor)
            } catch is IntegrationError {
                // Another client's id, or one deleted meanwhile: the list shows what there is.
            }
            return Self.redirect("/console/integrations")
        }
        router.post("/console/integrations/fallbacks") { request, _ in
            guard let (session, form) = try await signedInPost(request) else { return Self.refusedForm }
            // The primary's fallbacks in their new order (one moved up), checked by the same rules as the API's PATCH.
            let order = (form["order"] ?? "").split(separator: ",").map(String.init)
            do {
                _ = try await integrations.setFallbacks(clientID: session.clientID, id: form["id"] ?? "", fallbackIDs: order, actor: session.identity.actor)
            } catch is IntegrationError {
                // A list changed meanwhile (another tab, the API): the page shows what there is.
            }
            return Self.redirect("/console/integrations")
        }
        router.get("/console/integrations") { request, _ in
            guard let session = await session(request) else { return Self.redirect("/console/sign-in") }
            let records = try await integrations.store.integrations(clientID: session.clientID)
            let views = records.map { IntegrationView($0, vault: integrations.vault) }.sorted { ($0.type, $0.role) < ($1.type, $1.role) }
            let t = language(request).text
            var figures: [String: IntegrationStatusResponse] = [:]
            for record in records {
                figures[record.id] = try await IntegrationStatusResponse(record, vault: integrations.vault, hours: hours, outbound: outbound, now: sessions.clock.now)
            }
            let rows = views.map { view in
                [
                    "sentToday": figures[view.id]?.messages_sent_today ?? 0,
                    "rateLeft": figures[view.id]?.rate_limit_remaining.intValue.map { String($0) } ?? "–",
                    "id": view.id, "type": view.type, "provider": view.provider, "status": view.status, "enabled": view.enabled ? "✓" : "–",
                    "role": view.role, "lastTested": view.last_tested_at ?? "–", "lastError": view.last_error ?? "",
                    "next": view.enabled ? "false" : "true", "toggle": (view.enabled ? t["switchOff"] : t["switchOn"]) ?? "",
                    "fallbacks": Self.failoverOrder(view, among: views), "hasFallbacks": !view.fallback_integration_ids.isEmpty,
                ] as [String: Any]
            }
            var values: [String: Any] = [
                "integrations": rows, "hasIntegrations": !rows.isEmpty, "onIntegrations": true,
                "types": IntegrationType.configurable.map { type in
                    ["type": type.rawValue, "configured": views.contains { $0.type == type.rawValue && $0.role == "primary" }]
                },
            ]
            let tables = request.uri.queryParameters.get("tables").map { String($0.prefix(Self.maxTablesShown)) }
            values["notice"] = request.uri.queryParameters.get("done").flatMap { Self.integrationNotice(String($0.prefix(40)), tables: tables, t) }
            return page("integrations", request, session: session, values)
        }
    }

    /// A primary's fallbacks in failover order, each (after the first) with the order that moves it up one place.
    private static func failoverOrder(_ primary: IntegrationView, among views: [IntegrationView]) -> [[String: Any]] {
        let order = primary.fallback_integration_ids
        return order.indices.map { index in
            var raised = order
            if index > 0 { raised.swapAt(index, index - 1) }
            let fallback = views.first { $0.id == order[index] }
            return [
                "primary": primary.id, "id": order[index], "position": index + 1, "provider": fallback?.provider ?? "", "name": fallback?.name ?? "",
                "canRise": index > 0, "raised": raised.joined(separator: ","),
            ]
        }
    }

    /// The most characters of a database test's table names carried to the page.
    static let maxTablesShown = 1_000

    /// Where a connection test that passed leads: its latency, and a database's tables found.
    static func testedRedirect(_ result: ConnectionTestResult) -> Response {
        var location = "/console/integrations?done=tested-\(result.latency_ms)"
        if let tables = result.tables_found {
            let names = String(tables.joined(separator: ", ").prefix(maxTablesShown))
            location += "&tables=" + (names.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        }
        return redirect(location)
    }

    /// What the last configure or test did, from the redirect's `done`: `saved`, `tested-<ms>` (with `tables` for a
    /// database), `failed-<type>`.
    private static func integrationNotice(_ done: String, tables: String?, _ t: [String: String]) -> String? {
        if done == "saved" { return t["saved"] }
        if done.hasPrefix("tested-"), let ms = Int(done.dropFirst("tested-".count)) {
            let tested = String(format: t["tested"] ?? "%d", ms)
            guard let tables else { return tested }
            return tested + " " + String(format: t["tablesFound"] ?? "%@", tables.isEmpty ? t["noTables"] ?? "" : tables)
        }
        if done.hasPrefix("failed-") { return String(format: t["testFailed"] ?? "%@", String(done.dropFirst("failed-".count))) }
        return nil
    }
}
