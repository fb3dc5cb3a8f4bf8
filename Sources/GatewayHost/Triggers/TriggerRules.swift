import Foundation

/// The rules a trigger's WHEN (`trigger_type` + `trigger_config`), IF (`condition_type` + `condition_config`) and THEN
/// (`action_type` + `action_config`) must keep. Each refusal names the path at fault, as the seed's
/// `INVALID_TRIGGER_CONFIG` asks (`trigger_config.delay_days`).
enum TriggerRules {
    static let operators = ["equals", "not_equals", "contains", "greater_than", "less_than", "in", "exists"]
    /// The conversation times a delay counts from.
    static let referenceFields = ["last_message_at", "last_inbound_at", "last_outbound_at", "created_at"]
    static let conversationFields = referenceFields + ["status", "channel", "integration_id", "inbound_count", "outbound_count"]
    /// How deep `all` / `any` groups may nest, and how many comparisons a condition may hold.
    static let maxDepth = 5
    static let maxComparisons = 50
    /// The longest keyword, intent or status a trigger may list: keywords are matched in every inbound message.
    static let maxKeywordLength = 64

    // MARK: WHEN

    /// The WHEN `name` names, its config checked.
    static func checkWhen(_ name: String, _ config: [String: JSONValue]) throws(TriggerError) -> TriggerType {
        guard let type = TriggerType(rawValue: name) else {
            throw .invalid("trigger_type must be one of \(TriggerType.listed)", field: "trigger_type")
        }
        switch type {
        case .timeBased:
            let delays = ["delay_days": 365, "delay_hours": 24 * 365, "delay_minutes": 60 * 24 * 365].filter { config[$0.key] != nil }
            guard delays.count == 1, let (key, maximum) = delays.first else {
                throw .invalid("time_based takes exactly one of delay_days, delay_hours, delay_minutes", field: "trigger_config.delay_days")
            }
            guard let delay = config[key]?.intValue, (1...Int64(maximum)).contains(delay) else {
                throw .invalid("\(key) must be a whole number from 1 to \(maximum)", field: "trigger_config.\(key)")
            }
            guard let reference = config["reference_field"]?.stringValue, referenceFields.contains(conversationField(reference) ?? "") else {
                throw .invalid(
                    "reference_field must be conversations.(\(referenceFields.joined(separator: "|")))", field: "trigger_config.reference_field"
                )
            }
        case .schedule:
            guard let cron = config["cron"]?.stringValue, CronExpression.isValid(cron) else {
                throw .invalid("cron must be five fields: minute hour day-of-month month day-of-week", field: "trigger_config.cron")
            }
            if let zone = config["timezone"] {
                guard let name = zone.stringValue, BusinessHours.timeZones.contains(name) else {
                    throw .invalid("timezone must be an IANA time zone such as America/Sao_Paulo", field: "trigger_config.timezone")
                }
            }
            if let audience = config["audience"] { try checkCondition(audience, at: "trigger_config.audience", depth: 0, count: 0) }
        case .eventBased:
            guard let event = config["event"]?.stringValue.flatMap(TriggerEvent.init(rawValue:)) else {
                throw .invalid("event must be one of \(TriggerEvent.listed)", field: "trigger_config.event")
            }
            for key in ["keywords", "intent_values", "statuses"] where config[key] != nil {
                try strings(config[key], at: "trigger_config.\(key)")
            }
            if config["keywords"] != nil, event != .messageReceived {
                throw .invalid("keywords narrow message_received only", field: "trigger_config.keywords")
            }
            if event == .intentDetected, config["intent_values"] == nil {
                throw .invalid("intent_detected needs intent_values", field: "trigger_config.intent_values")
            }
        case .conditionBased:
            guard let condition = config["condition"] else { throw .invalid("condition_based needs a condition", field: "trigger_config.condition") }
            try checkCondition(condition, at: "trigger_config.condition", depth: 0, count: 0)
        }
        return type
    }

    // MARK: IF

    /// The IF `name` names, its config checked.
    static func checkIf(_ name: String, _ config: [String: JSONValue]) throws(TriggerError) -> ConditionType {
        guard let type = ConditionType(rawValue: name) else {
            throw .invalid("condition_type must be one of \(ConditionType.listed)", field: "condition_type")
        }
        switch type {
        case .always:
            break
        case .fieldEquals, .fieldContains:
            let op = type == .fieldEquals ? "equals" : "contains"
            try checkField(config["field"], at: "condition_config.field")
            guard let value = config["value"], value.isScalar else {
                throw .invalid("value must be a string, number or boolean", field: "condition_config.value")
            }
            if let given = config["operator"], given != .string(op) {
                throw .invalid("\(name) compares with \(op)", field: "condition_config.operator")
            }
        case .timeElapsed:
            try checkField(config["field"], at: "condition_config.field")
            let amounts = ["days", "hours", "minutes"].filter { config[$0] != nil }
            guard amounts.count == 1, let amount = config[amounts[0]]?.intValue, (1...1_000_000).contains(amount) else {
                throw .invalid("time_elapsed takes one of days, hours, minutes: a whole number from 1 to 1000000", field: "condition_config.days")
            }
        case .condition:
            try checkCondition(.object(config), at: "condition_config", depth: 0, count: 0)
        }
        return type
    }

    /// A comparison `{field, operator, value}` or a group `{all: [...]}` / `{any: [...]}`; returns the comparisons so far.
    @discardableResult
    static func checkCondition(_ condition: JSONValue, at path: String, depth: Int, count: Int) throws(TriggerError) -> Int {
        guard case .object(let members) = condition else { throw .invalid("a condition is an object", field: path) }
        for group in ["all", "any"] where members[group] != nil {
            guard depth < maxDepth else { throw .invalid("conditions nest at most \(maxDepth) deep", field: "\(path).\(group)") }
            guard case .array(let items)? = members[group], !items.isEmpty else {
                throw .invalid("\(group) takes a non-empty list", field: "\(path).\(group)")
            }
            var total = count
            for (index, item) in items.enumerated() {
                total = try checkCondition(item, at: "\(path).\(group).\(index)", depth: depth + 1, count: total)
            }
            return total
        }
        guard count < maxComparisons else { throw .invalid("a condition holds at most \(maxComparisons) comparisons", field: path) }
        try checkField(members["field"], at: "\(path).field")
        guard let op = members["operator"]?.stringValue, operators.contains(op) else {
            throw .invalid("operator must be one of \(operators.joined(separator: ", "))", field: "\(path).operator")
        }
        switch op {
        case "exists":
            break
        case "in":
            guard case .array(let values)? = members["value"], !values.isEmpty, values.allSatisfy(\.isScalar) else {
                throw .invalid("in takes a non-empty list of values", field: "\(path).value")
            }
        default:
            guard let value = members["value"], value.isScalar, value != .null else {
                throw .invalid("\(op) takes a string, number or boolean value", field: "\(path).value")
            }
        }
        return count + 1
    }

    /// `conversation(s).<field>`, `lead.score`, `lead.tags`, `lead.fields.<name>`, `contact.name` or `event.<path>`.
    static func checkField(_ field: JSONValue?, at path: String) throws(TriggerError) {
        guard let name = field?.stringValue else { throw .invalid("field is required", field: path) }
        let known =
            conversationFields.contains(conversationField(name) ?? "") || ["lead.score", "lead.tags", "contact.name"].contains(name)
            || (name.hasPrefix("lead.fields.") && name.count > 12) || (name.hasPrefix("event.") && name.count > 6)
        guard known, TextRules.length(name) <= 128 else {
            throw .invalid("field must be conversation.<field>, lead.score, lead.tags, lead.fields.<name>, contact.name or event.<path>", field: path)
        }
    }

    /// The conversation field `name` names (`conversations.status` and `conversation.status` alike).
    static func conversationField(_ name: String) -> String? {
        for prefix in ["conversations.", "conversation."] where name.hasPrefix(prefix) { return String(name.dropFirst(prefix.count)) }
        return nil
    }

    // MARK: THEN

    /// The THEN `name` names, its config checked.
    static func checkThen(_ name: String, _ config: [String: JSONValue]) throws(TriggerError) -> ActionType {
        guard let type = ActionType(rawValue: name) else {
            throw .invalid("action_type must be one of \(ActionType.listed)", field: "action_type")
        }
        switch type {
        case .sendMessage:
            if let channel = config["channel"], channel != "whatsapp" {
                throw .invalid("send_message sends on whatsapp", field: "action_config.channel")
            }
            try text(config, either: "template_id", or: "message")
        case .sendEmail:
            if let to = config["to"] {
                try strings(to, at: "action_config.to")
                for (index, address) in (to.arrayValue ?? []).enumerated() where !TextRules.isEmail(address.stringValue ?? "") {
                    throw .invalid("not an email address", field: "action_config.to.\(index)")
                }
            }
            try text(config, either: "template_id", or: "body")
            if let subject = config["subject"] {
                guard let line = subject.stringValue, (1...200).contains(TextRules.length(line)), TextRules.isOneLine(line) else {
                    throw .invalid("subject must be one line of 1 to 200 characters", field: "action_config.subject")
                }
                if let problem = TemplateBudget.shapeProblem(line) { throw .invalid(problem, field: "action_config.subject") }
            }
        case .callTool:
            switch config["tool"]?.stringValue {
            case "database.query":
                guard case .object? = config["input"] else { throw .invalid("database.query takes an input object", field: "action_config.input") }
            case "http":
                guard let url = config["url"]?.stringValue, TextRules.isWebURL(url) else {
                    throw .invalid("http takes an http(s) url", field: "action_config.url")
                }
            case "agent":
                guard let instruction = config["instruction"]?.stringValue, !instruction.isEmpty else {
                    throw .invalid("agent takes an instruction", field: "action_config.instruction")
                }
            default:
                throw .invalid("tool must be database.query, http or agent", field: "action_config.tool")
            }
        case .changeStatus:
            guard let status = config["status"]?.stringValue, ConversationStatus(rawValue: status) != nil else {
                throw .invalid("status must be open, pending or closed", field: "action_config.status")
            }
        }
        return type
    }

    private static func text(_ config: [String: JSONValue], either first: String, or second: String) throws(TriggerError) {
        guard config[first] != nil || config[second] != nil else {
            throw .invalid("\(first) or \(second) is required", field: "action_config.\(second)")
        }
        for key in [first, second] where config[key] != nil {
            guard let value = config[key]?.stringValue, (1...4_096).contains(TextRules.length(value)) else {
                throw .invalid("\(key) must be text of 1 to 4096 characters", field: "action_config.\(key)")
            }
            if key != "template_id", let problem = TemplateBudget.shapeProblem(value) { throw .invalid(problem, field: "action_config.\(key)") }
        }
    }

    private static func strings(_ value: JSONValue?, at path: String) throws(TriggerError) {
        guard case .array(let items)? = value, !items.isEmpty, items.count <= 100,
            items.allSatisfy({ $0.stringValue.map { (1...maxKeywordLength).contains(TextRules.length($0)) } ?? false })
        else {
            throw .invalid("a non-empty list of at most 100 strings of 1 to \(maxKeywordLength) characters", field: path)
        }
    }
}

extension JSONValue {
    /// A string, number or boolean (or null).
    var isScalar: Bool {
        switch self {
        case .null, .bool, .integer, .number, .string: true
        case .array, .object: false
        }
    }
}
