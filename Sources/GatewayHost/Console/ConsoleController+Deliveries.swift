import Foundation
import Hummingbird

/// `/console/deliveries`: the client's dead letters and failed messages with the provider's error, each replayable,
/// and every dead letter at once (as `POST /api/jobs/{id}/retry` does, through the same service).
extension ConsoleController {
    /// The most messages a list shows, and a replay of every dead letter takes.
    static let maxDeliveries = 200

    func addDeliveryRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/console/deliveries") { request, _ in
            guard let session = await session(request) else { return Self.redirect("/console/sign-in") }
            return try await deliveriesPage(request, session: session)
        }
        router.post("/console/deliveries/{id}/retry") { request, context in
            guard let (session, _) = try await signedInPost(request) else { return Self.refusedForm }
            let id = try context.parameters.require("id")
            let status = request.uri.queryParameters.get("status").flatMap(Self.listedStatus) ?? .dead
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

    /// Only the final states a replay applies to are listed.
    static func listedStatus(_ text: String) -> JobStatus? {
        JobStatus(rawValue: text).flatMap { $0.isReplayable ? $0 : nil }
    }

    private func deliveriesPage(_ request: Request, session: Session) async throws -> Response {
        let t = language(request).text
        let status = request.uri.queryParameters.get("status").flatMap(Self.listedStatus) ?? .dead
        let jobs = try await messages.jobs(clientID: session.clientID, status: status, limit: Self.maxDeliveries)
        let rows = jobs.map { job in
            let view = MessageView(job)
            return [
                "id": view.id, "channel": view.channel, "attempts": view.attempts, "errorCode": view.error_code ?? "",
                "lastError": view.last_error ?? "", "updated": view.updated_at, "status": status.rawValue,
            ] as [String: Any]
        }
        var values: [String: Any] = [
            "onDeliveries": true, "messages": rows, "hasMessages": !rows.isEmpty, "isDead": status == .dead,
            "tabs": [JobStatus.dead, .failed].map { ["value": $0.rawValue, "label": t[$0.rawValue] ?? $0.rawValue, "selected": $0 == status] },
        ]
        if let done = request.uri.queryParameters.get("done").flatMap({ Int($0.prefix(4)) }) {
            values["notice"] = done > 0 ? String(format: t["replayed"] ?? "%d", done) : t["notReplayed"] ?? ""
        }
        return page("deliveries", request, session: session, values)
    }
}
