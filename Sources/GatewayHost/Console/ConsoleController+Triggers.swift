import Foundation
import Hummingbird

/// `/console/triggers`: the client's triggers with their counts, each switched on or off through the same
/// `TriggerService.toggle` as `POST /api/triggers/{id}/toggle`.
extension ConsoleController {
    func addTriggerRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/console/triggers") { request, _ in
            guard let session = await session(request) else { return Self.redirect("/console/sign-in") }
            let t = language(request).text
            let rows = try await triggers.triggers(clientID: session.clientID, active: nil).map(TriggerView.init).map { view in
                [
                    "id": view.id, "name": view.name, "when": view.trigger_type, "action": view.action_type, "active": view.active,
                    "state": view.active ? t["on"] ?? "" : t["off"] ?? "", "executions": view.execution_count,
                    "lastExecuted": view.last_executed_at.stringValue ?? "–", "next": view.active ? "false" : "true",
                    "toggle": view.active ? t["switchOff"] ?? "" : t["switchOn"] ?? "",
                ] as [String: Any]
            }
            return page("triggers", request, session: session, ["onTriggers": true, "triggers": rows, "hasTriggers": !rows.isEmpty])
        }
        router.post("/console/triggers/{id}/toggle") { request, context in
            guard let (session, form) = try await signedInPost(request) else { return Self.refusedForm }
            do {
                _ = try await triggers.toggle(clientID: session.clientID, id: try context.parameters.require("id"), active: form["active"] == "true")
            } catch is TriggerError {
                // Another client's id, or one deleted meanwhile: the list shows what there is.
            }
            return Self.redirect("/console/triggers")
        }
    }
}

/// `/console/triggers/{id}`: one trigger's latest executions, each with why it was skipped or failed.
extension ConsoleController {
    /// The most executions the page shows.
    static let executionsShown = 50

    func addExecutionRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/console/triggers/{id}") { request, context in
            guard let session = await session(request) else { return Self.redirect("/console/sign-in") }
            let t = language(request).text
            let trigger: TriggerRecord
            do {
                trigger = try await triggers.trigger(clientID: session.clientID, id: try context.parameters.require("id"))
            } catch is TriggerError {
                return page("not-found", request, session: session, status: .notFound, [:])
            }
            var filter = ExecutionFilter()
            filter.triggerID = trigger.id
            let executions = try await triggers.runs.executions(clientID: session.clientID, filter: filter, limit: Self.executionsShown)
            let rows = executions.map(ExecutionView.init).map { view in
                let (outcome, reason) = Self.outcome(view, t)
                return ["at": view.executed_at, "conversation": view.conversation_id ?? "–", "outcome": outcome, "reason": reason]
            }
            return page("trigger", request, session: session, ["onTriggers": true, "name": trigger.name, "executions": rows, "hasExecutions": !rows.isEmpty])
        }
    }

    /// An execution's outcome in words, and why it was skipped or failed.
    static func outcome(_ view: ExecutionView, _ t: [String: String]) -> (outcome: String, reason: String) {
        let outcome = view.action_executed ? t["executed"] : view.error_message.stringValue != nil ? t["failedRun"] : t["skipped"]
        return (outcome ?? "", view.skip_reason.stringValue ?? view.error_message.stringValue ?? "")
    }
}
