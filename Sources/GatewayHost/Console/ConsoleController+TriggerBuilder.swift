import Foundation
import Hummingbird

/// `/console/triggers/new`: WHEN, IF and THEN chosen from the seed's types, each config given field by field
/// (`TriggerForm`) or as the API's JSON, checked by the same `TriggerService.draft` as `POST /api/triggers`, each refusal
/// shown next to the field it names (or in its section); Simulate shows what the trigger would do now (counts, samples,
/// near misses) before Save stores it.
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

    /// The API's body from the form: each section's config from its JSON box when filled (a text that is not a JSON
    /// object refused by its field), else from the chosen type's fields.
    private static func triggerBody(_ form: [String: String]) throws -> TriggerService.Body {
        func text(_ name: String) -> String? { form[name].flatMap { $0.isEmpty ? nil : $0 } }
        func config(_ section: String) throws -> [String: JSONValue] {
            let json = form["\(section)_config"] ?? ""
            guard !json.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return try TriggerForm.config(section: section, type: text("\(section)_type") ?? "", form: form)
            }
            guard let members = JSONValue(jsonText: json)?.objectValue else {
                throw TriggerError.invalid("\(section)_config must be a JSON object", field: "\(section)_config")
            }
            return members
        }
        return TriggerService.Body(
            name: text("name"), description: text("description"), trigger_type: text("trigger_type"), trigger_config: try config("trigger"),
            condition_type: text("condition_type"), condition_config: try config("condition"), action_type: text("action_type"),
            action_config: try config("action"), active: true)
    }

    /// A type's fields as the template shows them, with what the form held; `refusal` next to the field it names.
    private static func typeFields(
        section: String, type: String, form: [String: String], refusal: (key: String, message: String)?, t: [String: String]
    ) -> [[String: Any]] {
        TriggerForm.fields(section: section, type: type).map { field in
            let name = TriggerForm.name(section, type, field.key)
            let id = name.replacingOccurrences(of: ".", with: "-")
            let label = t["field." + (field.key.isEmpty ? "conditions" : field.key)] ?? field.key
            var view: [String: Any] = ["id": id, "name": name, "label": label, "value": form[name] ?? "", "required": field.required]
            if let refusal, refusal.key == field.key { view["fieldError"] = refusal.message }
            switch field.kind {
            case .text: view["isText"] = true
            case .longText: view["isLongText"] = true
            case .list: view.merge(["isText": true, "help": t["listHelp"] ?? ""]) { $1 }
            case .scalar: view.merge(["isText": true, "help": t["scalarHelp"] ?? ""]) { $1 }
            case .json: view.merge(["isLongText": true, "help": t["jsonHelp"] ?? ""]) { $1 }
            case .flag: view.merge(["isFlag": true, "checked": form[name] != nil]) { $1 }
            case .choice(let values): view.merge(["isChoice": true, "options": choices(values, chosen: form[name], blank: true)]) { $1 }
            case .amount(let units):
                view.merge(["isAmount": true, "amount": form[name + ".amount"] ?? "", "units": choices(units, chosen: form[name + ".unit"], blank: true)]) { $1 }
            case .comparisons: view.merge(comparisons(name: name, id: id, form: form, t: t)) { $1 }
            }
            return view
        }
    }

    /// The all/any choice and the comparison rows of a conditions field.
    private static func comparisons(name: String, id: String, form: [String: String], t: [String: String]) -> [String: Any] {
        let operators = ComparisonOperator.allCases.map(\.rawValue)
        let rows: [[String: Any]] = (0..<TriggerForm.comparisonRows).map { row in
            let prefix = "\(name).\(row)"
            let chosen = form[prefix + ".operator"] ?? ComparisonOperator.equals.rawValue
            return [
                "row": row + 1, "prefix": prefix, "rowID": "\(id)-\(row)", "field": form[prefix + ".field"] ?? "", "value": form[prefix + ".value"] ?? "",
                "operators": choices(operators, chosen: chosen, blank: false),
            ]
        }
        let joins = choices(["all", "any"], chosen: form[name + ".join"] ?? "all", blank: false, labels: t, labelPrefix: "join.")
        return ["isComparisons": true, "help": t["comparisonsHelp"] ?? "", "joins": joins, "rows": rows]
    }

    /// A select's options, the chosen one selected; with `blank`, a first empty option (nothing chosen).
    private static func choices(
        _ values: [String], chosen: String?, blank: Bool, labels: [String: String] = [:], labelPrefix: String = ""
    ) -> [[String: Any]] {
        let empty: [[String: Any]] = blank ? [["value": "", "label": "–", "selected": chosen == nil]] : []
        return empty + values.map { value in ["value": value, "label": labels[labelPrefix + value] ?? value, "selected": chosen == value] }
    }

    private func builderPage(
        _ request: Request, session: Session, form: [String: String], error: TriggerError?, simulation report: TriggerSimulation.Report?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        // A refusal names a field such as `trigger_config.delay_days` or `action_type`: it is shown next to the chosen
        // type's field it names when the section's fields were used, else in that section.
        let blamed = error?.field.flatMap { field in Self.sections.first { field.hasPrefix($0.name + "_") }?.name }
        func refusal(_ section: String) -> (key: String, message: String)? {
            guard let error, let path = error.field, blamed == section, (form["\(section)_config"] ?? "").allSatisfy(\.isWhitespace),
                path.hasPrefix("\(section)_config."), let type = form["\(section)_type"],
                let key = TriggerForm.fieldKey(section: section, type: type, member: String(path.dropFirst("\(section)_config.".count)))
            else { return nil }
            return (key, error.message)
        }
        let t = language(request).text
        var values: [String: Any] = [
            "onTriggers": true, "name": form["name"] ?? "", "description": form["description"] ?? "",
            "sections": Self.sections.map { section in
                let fieldRefusal = refusal(section.name)
                return [
                    "section": section.name, "legend": t[section.name] ?? section.name, "config": form["\(section.name)_config"] ?? "",
                    "types": section.types.map { type in
                        [
                            "value": type, "selected": form["\(section.name)_type"] == type,
                            "fields": Self.typeFields(
                                section: section.name, type: type, form: form, refusal: form["\(section.name)_type"] == type ? fieldRefusal : nil, t: t),
                            "hasFields": !TriggerForm.fields(section: section.name, type: type).isEmpty,
                        ] as [String: Any]
                    },
                    "sectionError": blamed == section.name && fieldRefusal == nil ? error?.message ?? "" : false,
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
