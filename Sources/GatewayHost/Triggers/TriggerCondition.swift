/// IF: what must hold for the conversation at fire time, parsed from `condition_type` + `condition_config` with every
/// rule checked (a refusal names the path at fault).
enum TriggerCondition: Sendable, Equatable {
    case always
    case fieldEquals(ConditionField, JSONValue)
    case fieldContains(ConditionField, JSONValue)
    /// At least `seconds` since the time the field holds.
    case timeElapsed(ConditionField, seconds: Int)
    /// A comparison or an `all` / `any` group of them.
    case condition(ConditionExpression)

    /// The units `time_elapsed` counts in, each in seconds, and the largest amount of any.
    static let units = ["days": 86_400, "hours": 3_600, "minutes": 60]
    static let maxAmount = 1_000_000

    var type: ConditionType {
        switch self {
        case .always: .always
        case .fieldEquals: .fieldEquals
        case .fieldContains: .fieldContains
        case .timeElapsed: .timeElapsed
        case .condition: .condition
        }
    }

    /// Whether the condition reads the contact's name.
    var readsContactName: Bool {
        switch self {
        case .always: false
        case .fieldEquals(let field, _), .fieldContains(let field, _), .timeElapsed(let field, _): field.subject == .contactName
        case .condition(let expression): expression.readsContactName
        }
    }

    init(type name: String, config: [String: JSONValue]) throws(TriggerError) {
        guard let type = ConditionType(rawValue: name) else {
            throw .invalid("condition_type must be one of \(ConditionType.listed)", field: "condition_type")
        }
        switch type {
        case .always:
            self = .always
        case .fieldEquals, .fieldContains:
            let op = type == .fieldEquals ? "equals" : "contains"
            let field = try ConditionField(parsing: config["field"], at: "condition_config.field")
            guard let value = config["value"], value.isScalar else {
                throw .invalid("value must be a string, number or boolean", field: "condition_config.value")
            }
            if let given = config["operator"], given != .string(op) {
                throw .invalid("\(name) compares with \(op)", field: "condition_config.operator")
            }
            self = type == .fieldEquals ? .fieldEquals(field, value) : .fieldContains(field, value)
        case .timeElapsed:
            let field = try ConditionField(parsing: config["field"], at: "condition_config.field")
            let given = Self.units.filter { config[$0.key] != nil }
            guard given.count == 1, let (unit, seconds) = given.first,
                let amount = config[unit]?.intValue.flatMap({ Int(exactly: $0) }), (1...Self.maxAmount).contains(amount)
            else {
                throw .invalid(
                    "time_elapsed takes one of days, hours, minutes: a whole number from 1 to \(Self.maxAmount)", field: "condition_config.days")
            }
            self = .timeElapsed(field, seconds: amount * seconds)
        case .condition:
            self = .condition(try ConditionExpression(parsing: .object(config), at: "condition_config"))
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
