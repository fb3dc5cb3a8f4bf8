import Foundation

/// The trigger builder's fields: each WHEN, IF and THEN type's config, member by member, read from a form into the
/// API's config. Only the shape lives here; every rule (ranges, patterns, what is required) stays `TriggerService`'s,
/// which refuses the body as `POST /api/triggers` would, naming the member.
struct TriggerFormField {
    enum Kind {
        /// One line of text; several lines.
        case text, longText
        /// Words separated by commas: an array of strings.
        case list
        /// A value compared: a number, true, false or null as JSON reads them, any other text as a string.
        case scalar
        /// A JSON object or value, as the API takes it.
        case json
        /// A checkbox: true when ticked, left out otherwise.
        case flag
        case choice([String])
        /// An amount in one of these units: the unit is the member (`delay_days: 3`).
        case amount([String])
        /// Comparisons joined by all or any: the member holds the expression (the config itself when the key is empty).
        case comparisons
    }

    let key: String
    let kind: Kind
    let required: Bool

    init(_ key: String, _ kind: Kind, required: Bool = false) {
        self.key = key
        self.kind = kind
        self.required = required
    }
}

enum TriggerForm {
    /// How many comparison rows the builder offers; deeper or longer conditions go in the JSON box.
    static let comparisonRows = 3

    static func fields(section: String, type: String) -> [TriggerFormField] {
        switch (section, type) {
        case ("trigger", TriggerType.timeBased.rawValue):
            [.init("delay", .amount(TriggerWhen.delays.keys.sorted()), required: true), .init("reference_field", .choice(references), required: true)]
        case ("trigger", TriggerType.schedule.rawValue):
            [.init("cron", .text, required: true), .init("timezone", .choice(BusinessHours.timeZones)), .init("audience", .comparisons)]
        case ("trigger", TriggerType.eventBased.rawValue):
            [
                .init("event", .choice(TriggerEvent.allCases.map(\.rawValue)), required: true), .init("keywords", .list), .init("intent_values", .list),
                .init("statuses", .list),
            ]
        case ("trigger", TriggerType.conditionBased.rawValue):
            [.init("condition", .comparisons, required: true)]
        case ("condition", ConditionType.fieldEquals.rawValue), ("condition", ConditionType.fieldContains.rawValue):
            [.init("field", .text, required: true), .init("value", .scalar, required: true)]
        case ("condition", ConditionType.timeElapsed.rawValue):
            [.init("field", .choice(references), required: true), .init("elapsed", .amount(TriggerCondition.units.keys.sorted()), required: true)]
        case ("condition", ConditionType.condition.rawValue):
            [.init("", .comparisons, required: true)]
        case ("action", ActionType.sendMessage.rawValue):
            [.init("channel", .choice(TriggerAction.messageChannels.map(\.rawValue))), .init("message", .longText), .init("template_id", .text), businessHours]
        case ("action", ActionType.sendEmail.rawValue):
            [
                .init("to", .list, required: true), .init("subject", .text, required: true), .init("body", .longText), .init("template_id", .text),
                businessHours,
            ]
        case ("action", ActionType.callTool.rawValue):
            [
                .init("tool", .choice(["agent", "http", "database.query"]), required: true), .init("instruction", .longText), .init("url", .text),
                .init("body", .json), .init("input", .json), businessHours,
            ]
        case ("action", ActionType.changeStatus.rawValue):
            [.init("status", .choice(ConversationStatus.allCases.map(\.rawValue)), required: true), businessHours]
        default:
            []
        }
    }

    /// Any action may wait for the client's business hours.
    private static let businessHours = TriggerFormField("business_hours", .flag)

    /// The conversation times a delay or an elapsed time counts from.
    private static let references = ConversationField.times.map { "conversations.\($0.rawValue)" }

    /// The form's name of a member: `trigger.time_based.reference_field`.
    static func name(_ section: String, _ type: String, _ key: String) -> String {
        [section, type, key].filter { !$0.isEmpty }.joined(separator: ".")
    }

    /// The field a refusal's member belongs to (`delay_days` to the delay, `audience.any[0].field` to the audience, a
    /// condition's `all[1]` to its comparisons); nil when none of the type's fields holds it.
    static func fieldKey(section: String, type: String, member: String) -> String? {
        let head = String(member.prefix { $0 != "." && $0 != "[" })
        return fields(section: section, type: type).first { field in
            switch field.kind {
            case .amount(let units): units.contains(head)
            case .comparisons where field.key.isEmpty: head == "all" || head == "any"
            default: field.key == head
            }
        }?.key
    }

    /// The config of `type` in `section` from the form's fields; a field that cannot be read is refused by its member.
    static func config(section: String, type: String, form: [String: String]) throws(TriggerError) -> [String: JSONValue] {
        var config: [String: JSONValue] = [:]
        for field in fields(section: section, type: type) {
            let name = name(section, type, field.key)
            let member = "\(section)_config" + (field.key.isEmpty ? "" : ".\(field.key)")
            func given(_ suffix: String = "") -> String? {
                form[name + suffix].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            switch field.kind {
            case .text, .longText, .choice:
                if let text = given() { config[field.key] = .string(text) }
            case .list:
                if let text = given() { config[field.key] = .array(words(text).map(JSONValue.string)) }
            case .scalar:
                if let text = given() { config[field.key] = scalar(text) }
            case .json:
                if let text = given() {
                    guard let value = JSONValue(jsonText: text) else {
                        throw .invalid("\(field.key) must be JSON", field: member)
                    }
                    config[field.key] = value
                }
            case .flag:
                if given() != nil { config[field.key] = .bool(true) }
            case .amount(let units):
                if let text = given(".amount"), let unit = given(".unit"), units.contains(unit) {
                    config[unit] = .integer(try wholeNumber(text, member: "\(section)_config.\(unit)"))
                }
            case .comparisons:
                guard let expression = comparisons(name, form) else { continue }
                if field.key.isEmpty { config.merge(expression.objectValue ?? [:]) { $1 } } else { config[field.key] = expression }
            }
        }
        return config
    }

    /// `{"all" | "any": [{field, operator, value}]}` from the rows whose field is filled; nil when none is.
    private static func comparisons(_ name: String, _ form: [String: String]) -> JSONValue? {
        let rows: [JSONValue] = (0..<comparisonRows).compactMap { row in
            let prefix = "\(name).\(row)"
            guard let field = form["\(prefix).field"]?.trimmingCharacters(in: .whitespaces), !field.isEmpty else { return nil }
            let op = form["\(prefix).operator"] ?? ComparisonOperator.equals.rawValue
            var comparison: [String: JSONValue] = ["field": .string(field), "operator": .string(op)]
            let value = form["\(prefix).value"] ?? ""
            switch ComparisonOperator(rawValue: op) {
            case .exists?: break
            case .in?: comparison["value"] = .array(words(value).map(scalar))
            default: comparison["value"] = scalar(value)
            }
            return .object(comparison)
        }
        guard !rows.isEmpty else { return nil }
        return .object([form["\(name).join"] == "any" ? "any" : "all": .array(rows)])
    }

    /// Words separated by commas, each trimmed, the empty ones left out (also a conversation's tags).
    static func words(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func scalar(_ text: String) -> JSONValue {
        switch JSONValue(jsonText: text) {
        case let value? where value.objectValue == nil && value.arrayValue == nil && value.stringValue == nil: value
        default: .string(text)
        }
    }

    private static func wholeNumber(_ text: String, member: String) throws(TriggerError) -> Int64 {
        guard let number = Int64(text) else { throw .invalid("\(member.split(separator: ".").last ?? "") must be a whole number", field: member) }
        return number
    }
}
