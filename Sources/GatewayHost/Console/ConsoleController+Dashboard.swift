import Foundation
import Hummingbird

/// `/console/dashboard`: the acting client's last 24 hours (messages received and sent, and receipts, per hour, as a
/// chart and a table), its outbound messages per integration with their failure rate, its messages on their way, the
/// loaded plugins with their health, and for an admin the whole queue.
extension ConsoleController {
    func addDashboardRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/console/dashboard") { request, _ in
            guard let session = await session(request) else { return Self.redirect("/console/sign-in") }
            return try await dashboardPage(request, session: session)
        }
    }

    /// The last 24 UTC hours, oldest first, as the store names them (`2026-12-07T14`).
    private static func lastDay(until now: Date) -> [String] {
        let thisHour = (now.timeIntervalSince1970 / 3600).rounded(.down) * 3600
        return (0..<24).map { String(SQLTimestamp.format(Date(timeIntervalSince1970: thisHour - Double(23 - $0) * 3600)).prefix(13)) }
    }

    /// `part` of `whole` in whole percent (0 of nothing).
    private static func percent(_ part: Int, of whole: Int) -> String {
        whole > 0 ? "\(part * 100 / whole)%" : "0%"
    }

    private func dashboardPage(_ request: Request, session: Session) async throws -> Response {
        let t = language(request).text
        let hours = Self.lastDay(until: sessions.clock.now)
        let since = SQLTimestamp.parse(hours[0] + ":00:00.000Z") ?? sessions.clock.now
        let activity = try await self.activity.hourlyActivity(clientID: session.clientID, since: since)
        func counts(_ series: HourlyActivity.Series) -> [Int] {
            hours.map { hour in activity.filter { $0.hour == hour && $0.series == series }.reduce(0) { $0 + $1.count } }
        }
        let series = [
            ActivityChart.Series(name: t["inbound"] ?? "", color: "#0b4f8a", counts: counts(.inbound)),
            ActivityChart.Series(name: t["outbound"] ?? "", color: "#0a6b2d", counts: counts(.outbound)),
            ActivityChart.Series(name: t["receipts"] ?? "", color: "#8a4b00", counts: counts(.receipts)),
        ]
        let views = try await integrations.store.integrations(clientID: session.clientID).map { IntegrationView($0, vault: integrations.vault) }
        let outcomes = try await self.activity.sendOutcomes(clientID: session.clientID, since: since).map { outcome in
            let view = views.first { $0.id == outcome.integrationID }
            return [
                "integration": view.map { "\($0.type) · \($0.provider)" } ?? outcome.integrationID, "total": outcome.total, "sent": outcome.sent,
                "failed": outcome.failed, "failureRate": Self.percent(outcome.failed, of: outcome.total),
                "notSent": Self.percent(outcome.total - outcome.sent, of: outcome.total),
            ] as [String: Any]
        }
        // The client's own messages on their way, up to a list's length each (the deliveries page lists them).
        var backlog: [[String: Any]] = []
        for status in [JobStatus.queued, .sending, .failed, .dead] {
            let count = try await messages.count(clientID: session.clientID, status: status, upTo: Self.maxDeliveries)
            backlog.append(["status": status.rawValue, "label": t[status.rawValue] ?? status.rawValue, "count": count == Self.maxDeliveries ? "\(count)+" : "\(count)"])
        }
        let isAdmin = session.identity.role == .admin
        var values: [String: Any] = [
            "onDashboard": true,
            "chart": ActivityChart.svg(hours: hours, series: series, title: t["chartTitle"] ?? ""),
            "legend": series.map { ["name": $0.name, "color": $0.color, "total": $0.counts.reduce(0, +)] },
            "hours": hours.indices.map { index in ["hour": hours[index] + ":00", "counts": series.map { ["count": $0.counts[index]] }] },
            "outcomes": outcomes, "hasOutcomes": !outcomes.isEmpty,
            "backlog": backlog, "refreshEvery": Self.refreshSeconds,
            "plugins": integrations.registry.plugins.map { plugin in
                let health = plugin.health
                var shown: [String: Any] = [
                    "id": plugin.manifest.id, "version": plugin.manifest.version, "state": t["plugin." + health.state.rawValue] ?? health.state.rawValue,
                    "up": health.isUp, "restarts": health.restarts,
                ]
                // Why a plugin is down is for admins (it may name files); absent, not empty, so no section shows.
                if isAdmin, let reason = health.reason, !reason.isEmpty { shown["reason"] = reason }
                return shown
            },
        ]
        if isAdmin, let queue = try? await messages.queue.counts() {
            values["queue"] = [
                "ready": queue.ready.values.reduce(0, +), "inFlight": queue.inFlight, "delayed": queue.delayed, "dead": queue.dead,
            ]
        }
        return page("dashboard", request, session: session, values)
    }
}
