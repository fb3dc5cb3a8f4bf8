/// WHEN: what brings a trigger to a conversation, parsed from `trigger_type` + `trigger_config` with every rule
/// checked. A refusal names the path at fault, as the seed's `INVALID_TRIGGER_CONFIG` asks (`trigger_config.delay_days`).
enum TriggerWhen: Sendable, Equatable {
    /// `delaySeconds` after the conversation's `reference` time.
    case timeBased(reference: ConversationField, delaySeconds: Int)
    /// Each minute `cron` names on the wall clock of `timeZone` (else the client's business hours' zone), for the
    /// conversations in `audience` (all without one).
    case schedule(cron: CronExpression, timeZone: String?, audience: ConditionExpression?)
    case eventBased(EventMatch)
    /// When the condition starts to hold for a conversation.
    case conditionBased(ConditionExpression)

    /// The delays a time-based trigger may name: each unit's length in seconds and its largest amount (a year).
    static let delays: [String: (seconds: Int, maximum: Int)] = [
        "delay_days": (86_400, 365), "delay_hours": (3_600, 24 * 365), "delay_minutes": (60, 60 * 24 * 365),
    ]

    var type: TriggerType {
        switch self {
        case .timeBased: .timeBased
        case .schedule: .schedule
        case .eventBased: .eventBased
        case .conditionBased: .conditionBased
        }
    }

    /// What the WHEN reaches beyond its population: a schedule's audience, a condition-based trigger's condition.
    var reach: ConditionExpression? {
        switch self {
        case .schedule(_, _, let audience): audience
        case .conditionBased(let condition): condition
        case .timeBased, .eventBased: nil
        }
    }

    init(type name: String, config: [String: JSONValue]) throws(TriggerError) {
        guard let type = TriggerType(rawValue: name) else {
            throw .invalid("trigger_type must be one of \(TriggerType.listed)", field: "trigger_type")
        }
        switch type {
        case .timeBased:
            let given = Self.delays.filter { config[$0.key] != nil }
            guard given.count == 1, let (key, unit) = given.first else {
                throw .invalid("time_based takes exactly one of delay_days, delay_hours, delay_minutes", field: "trigger_config.delay_days")
            }
            guard let amount = config[key]?.intValue.flatMap({ Int(exactly: $0) }), (1...unit.maximum).contains(amount) else {
                throw .invalid("\(key) must be a whole number from 1 to \(unit.maximum)", field: "trigger_config.\(key)")
            }
            guard let reference = config["reference_field"]?.stringValue.flatMap(ConversationField.init(named:)),
                ConversationField.times.contains(reference)
            else {
                let names = ConversationField.times.map(\.rawValue).joined(separator: "|")
                throw .invalid("reference_field must be conversations.(\(names))", field: "trigger_config.reference_field")
            }
            self = .timeBased(reference: reference, delaySeconds: amount * unit.seconds)
        case .schedule:
            guard let cron = config["cron"]?.stringValue.flatMap(CronExpression.init) else {
                throw .invalid("cron must be five fields: minute hour day-of-month month day-of-week", field: "trigger_config.cron")
            }
            var timeZone: String?
            if let zone = config["timezone"] {
                guard let name = zone.stringValue, BusinessHours.timeZones.contains(name) else {
                    throw .invalid("timezone must be an IANA time zone such as America/Sao_Paulo", field: "trigger_config.timezone")
                }
                timeZone = name
            }
            let audience = try config["audience"].map { json throws(TriggerError) in try ConditionExpression(parsing: json, at: "trigger_config.audience") }
            self = .schedule(cron: cron, timeZone: timeZone, audience: audience)
        case .eventBased:
            self = .eventBased(try EventMatch(config))
        case .conditionBased:
            guard let condition = config["condition"] else { throw .invalid("condition_based needs a condition", field: "trigger_config.condition") }
            self = .conditionBased(try ConditionExpression(parsing: condition, at: "trigger_config.condition"))
        }
    }
}

/// An event-based trigger's event, narrowed by `keywords` (message_received: those matched as it arrived),
/// `intent_values` (intent_detected) and `statuses` (message_status).
struct EventMatch: Sendable, Equatable {
    let event: TriggerEvent
    let keywords: Set<String>?
    let intentValues: Set<String>?
    let statuses: Set<String>?

    /// The longest keyword, intent or status a trigger may list: keywords are matched in every inbound message.
    static let maxLength = 64
    static let maxCount = 100

    init(_ config: [String: JSONValue]) throws(TriggerError) {
        guard let event = config["event"]?.stringValue.flatMap(TriggerEvent.init(rawValue:)) else {
            throw .invalid("event must be one of \(TriggerEvent.listed)", field: "trigger_config.event")
        }
        self.event = event
        keywords = try Self.strings(config["keywords"], at: "trigger_config.keywords")
        intentValues = try Self.strings(config["intent_values"], at: "trigger_config.intent_values")
        statuses = try Self.strings(config["statuses"], at: "trigger_config.statuses")
        if keywords != nil, event != .messageReceived {
            throw .invalid("keywords narrow message_received only", field: "trigger_config.keywords")
        }
        if event == .intentDetected, intentValues == nil {
            throw .invalid("intent_detected needs intent_values", field: "trigger_config.intent_values")
        }
    }

    /// Whether the event's data passes the narrowing lists (its type is the caller's to check).
    func admits(_ data: [String: JSONValue]) -> Bool {
        func has(_ key: String, oneOf list: Set<String>?) -> Bool {
            guard let list else { return true }
            return data[key]?.stringValue.map(list.contains) ?? false
        }
        guard has("intent", oneOf: intentValues), has("status", oneOf: statuses) else { return false }
        guard let keywords else { return true }
        return data["keywords"]?.arrayValue?.contains { $0.stringValue.map(keywords.contains) ?? false } ?? false
    }

    /// A non-empty list of at most `maxCount` strings of 1 to `maxLength` characters, or nil when absent.
    private static func strings(_ value: JSONValue?, at path: String) throws(TriggerError) -> Set<String>? {
        guard let value else { return nil }
        let texts = value.arrayValue?.compactMap(\.stringValue) ?? []
        guard !texts.isEmpty, texts.count == value.arrayValue?.count, texts.count <= maxCount,
            texts.allSatisfy({ (1...maxLength).contains(TextRules.length($0)) })
        else {
            throw .invalid("a non-empty list of at most \(maxCount) strings of 1 to \(maxLength) characters", field: path)
        }
        return Set(texts)
    }
}
