import Foundation
import Hummingbird

/// `/console/deliveries`: the client's messages by status (queued, sending, sent, failed, dead) with the provider's
/// error, failed and dead ones replayable one by one and every dead letter at once (as `POST /api/jobs/{id}/retry`
/// does, through the same service); and its agent endpoint with the turns that recently failed to reach it.
extension ConsoleController {
    /// The most messages a list shows, and a replay of every dead letter takes.
    static let maxDeliveries = 200
    /// The most failed agent turns shown beside the endpoint.
    static let shownTurnFailures = 10

    func addDeliveryRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/console/deliveries") { request, _ in
            guard let session = await session(request) else { return Self.redirect("/console/sign-in") }
            return try await deliveriesPage(request, session: session)
        }
        router.post("/console/deliveries/{id}/retry") { request, context in
            guard let (session, _) = try await signedInPost(request) else { return Self.refusedForm }
            let id = try context.parameters.require("id")
            let status = request.uri.queryParameters.get("status").flatMap(JobStatus.init(rawValue:)) ?? .dead
            do {
                _ = try await messages.replay(clientID: session.clientID, id: id)
                return Self.redirect("/console/deliveries?status=\(status.rawValue)&done=1")
            } catch is MessageError {
                return Self.redirect("/console/deliveries?status=\(status.rawValue)&done=0")
            }
        }
        router.post("/console/deliveries/retry-all") { request, _ in
            guard let (session, _) = try await signedInPost(request) else { return Self.refusedForm }
            var replayed = 0
            for job in try await messages.jobs(clientID: session.clientID, status: .dead, limit: Self.maxDeliveries) {
                // One replayed meanwhile (another tab, the API) is simply not counted.
                if (try? await messages.replay(clientID: session.clientID, id: job.id)) != nil { replayed += 1 }
            }
            return Self.redirect("/console/deliveries?status=dead&done=\(replayed)")
        }
    }

    private func deliveriesPage(_ request: Request, session: Session) async throws -> Response {
        let t = language(request).text
        let status = request.uri.queryParameters.get("status").flatMap(JobStatus.init(rawValue:)) ?? .dead
        let jobs = try await messages.jobs(clientID: session.clientID, status: status, limit: Self.maxDeliveries)
        var values: [String: Any] = [
            "onDeliveries": true, "messages": jobs.map { Self.row($0) }, "hasMessages": !jobs.isEmpty, "isDead": status == .dead,
            "tabs": JobStatus.allCases.map { ["value": $0.rawValue, "label": t[$0.rawValue] ?? $0.rawValue, "selected": $0 == status] },
            "refreshEvery": Self.refreshSeconds,
        ]
        values.merge(try await agentValues(clientID: session.clientID)) { $1 }
        if let done = request.uri.queryParameters.get("done").flatMap({ Int($0.prefix(4)) }) {
            values["notice"] = done > 0 ? String(format: t["replayed"] ?? "%d", done) : t["notReplayed"] ?? ""
        }
        return page("deliveries", request, session: session, values)
    }

    private static func row(_ job: Job) -> [String: Any] {
        let view = MessageView(job)
        return [
            "id": view.id, "channel": view.channel, "attempts": view.attempts, "errorCode": view.error_code ?? "", "lastError": view.last_error ?? "",
            "updated": view.updated_at, "status": view.status, "replayable": job.status.isReplayable,
            "next": view.next_attempt_at ?? "", "sentAt": view.sent_at ?? "",
        ]
    }

    /// The agent endpoint (as `GET /api/agent` shows it, with its integration's status and last error) and its latest
    /// failed or dead turns; nothing without one.
    private func agentValues(clientID: String) async throws -> [String: Any] {
        let agent: AgentService.View
        do {
            agent = try await agents.agent(clientID: clientID)
        } catch is IntegrationError {
            return [:]
        }
        let failed = try await messages.jobs(clientID: clientID, status: .failed, limit: Self.maxDeliveries)
        let dead = try await messages.jobs(clientID: clientID, status: .dead, limit: Self.maxDeliveries)
        let turns = (failed + dead).filter { $0.channel == .agent }.sorted { $0.updatedAt > $1.updatedAt }.prefix(Self.shownTurnFailures)
        let endpoint = try await integrations.store.integration(clientID: clientID, type: .agent).map { IntegrationView($0, vault: integrations.vault) }
        var shown: [String: Any] = [
            "url": agent.url, "debounce": agent.debounce_ms, "maxWait": agent.max_wait_ms, "maxMessages": agent.max_messages,
            "status": endpoint?.status ?? "", "enabled": endpoint?.enabled ?? false,
        ]
        // Mustache shows a section for any string, even an empty one: a last error is there only when there is one.
        if let error = endpoint?.last_error, !error.isEmpty { shown["lastError"] = error }
        return [
            "agent": shown,
            "turnFailures": ["messages": turns.map { Self.row($0) }], "hasTurnFailures": !turns.isEmpty,
        ]
    }
}
