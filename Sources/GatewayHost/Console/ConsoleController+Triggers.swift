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
