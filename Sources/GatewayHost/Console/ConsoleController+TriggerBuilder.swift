import Foundation
import Hummingbird

/// `/console/triggers/new`: WHEN, IF and THEN chosen from the seed's types, each with its config as JSON (the API's
/// bodies), checked by the same `TriggerService.draft` as `POST /api/triggers` with each refusal shown by its section;
/// Simulate shows what the trigger would do now (counts, samples, near misses) before Save stores it.
extension ConsoleController {
    /// The form's sections: the body's `<section>_type` and `<section>_config`.
    private static let sections = [
        (name: "trigger", types: TriggerType.allCases.map(\.rawValue)), (name: "condition", types: ConditionType.allCases.map(\.rawValue)),
        (name: "action", types: ActionType.allCases.map(\.rawValue)),
    ]

    func addTriggerBuilderRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/console/triggers/new") { request, _ in
            guard let session = await session(request) else { return Self.redirect("/console/sign-in") }
            return builderPage(request, session: session, form: [:], error: nil, simulation: nil)
        }
        router.post("/console/triggers/new") { request, _ in
            guard let (session, form) = try await signedInPost(request) else { return Self.refusedForm }
            do {
                let body = try Self.triggerBody(form)
                if form["intent"] == "save" {
                    _ = try await triggers.create(clientID: session.clientID, body)
                    return Self.redirect("/console/triggers")
                }
                let draft = try triggers.draft(clientID: session.clientID, body)
                let report = try await simulation.simulate(draft, now: triggers.clock.now)
                return builderPage(request, session: session, form: form, error: nil, simulation: report)
            } catch let error as TriggerError {
                return builderPage(request, session: session, form: form, error: error, simulation: nil, status: .unprocessableContent)
            }
        }
    }

    /// The API's body from the form; a config that is not a JSON object is refused by its field.
    private static func triggerBody(_ form: [String: String]) throws -> TriggerService.Body {
        func config(_ section: String) throws -> [String: JSONValue] {
            let text = form["\(section)_config"] ?? ""
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [:] }
            guard case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
                throw TriggerError.invalid("\(section)_config must be a JSON object", field: "\(section)_config")
            }
            return members
        }
        func text(_ name: String) -> String? { form[name].flatMap { $0.isEmpty ? nil : $0 } }
        return TriggerService.Body(
            name: text("name"), description: text("description"), trigger_type: text("trigger_type"), trigger_config: try config("trigger"),
            condition_type: text("condition_type"), condition_config: try config("condition"), action_type: text("action_type"),
            action_config: try config("action"), active: true)
    }

    private func builderPage(
        _ request: Request, session: Session, form: [String: String], error: TriggerError?, simulation report: TriggerSimulation.Report?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        // A refusal names a field such as `trigger_config.delay_days` or `action_type`: it is shown in that section.
        let blamed = error?.field.flatMap { field in Self.sections.first { field.hasPrefix($0.name + "_") }?.name }
        let t = language(request).text
        var values: [String: Any] = [
            "onTriggers": true, "name": form["name"] ?? "", "description": form["description"] ?? "",
            "sections": Self.sections.map { section in
                [
                    "section": section.name, "legend": t[section.name] ?? section.name, "config": form["\(section.name)_config"] ?? "",
                    "types": section.types.map { ["value": $0, "selected": form["\(section.name)_type"] == $0] },
                    "sectionError": blamed == section.name ? error?.message ?? "" : false,
                ] as [String: Any]
            },
        ]
        if let error, blamed == nil { values["error"] = error.message }
        if let report {
            values["simulation"] = [
                "conditionMet": report.condition_met, "wouldExecute": report.action_would_execute, "affected": report.affected_conversations,
                "messages": report.estimated_messages, "truncated": report.truncated,
                "samples": report.samples.map { ["id": $0.conversation_id, "due": $0.due_at ?? "", "message": $0.message ?? ""] },
                "nearMisses": report.near_misses.map { ["id": $0.conversation_id, "failed": $0.failed] },
            ] as [String: Any]
        }
        return page("trigger-builder", request, session: session, status: status, values)
    }
}
