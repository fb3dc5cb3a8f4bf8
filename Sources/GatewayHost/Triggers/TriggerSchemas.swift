/// The JSON schemas of a trigger's WHEN, IF and THEN for the OpenAPI document, stating the rules `TriggerWhen`,
/// `TriggerCondition` and `TriggerAction` check as far as JSON Schema can: which config each type takes, with its
/// required fields, enums, patterns and ranges. What it cannot state (that a cron range's start is not after its end,
/// how deep conditions nest) is in the descriptions, and refused 422 naming the path.
enum TriggerSchemas {
    static let all: [String: JSONValue] = [
        "TriggerBody": OpenAPISchemas.body(
            required: ["trigger_type", "action_type"], members, ["allOf": [ref("TriggerWhen"), ref("TriggerIf"), ref("TriggerThen")]]),
        "TriggerChange": OpenAPISchemas.body(
            required: [], members,
            ["description": "only the fields given change; the trigger they make must keep every rule of TriggerBody"]),
        "TriggerWhen": .object(["oneOf": .array(whenCases)]),
        "TriggerIf": .object(["oneOf": .array([["properties": ["condition_type": ["type": "null"]]]] + ifCases)]),
        "TriggerThen": .object(["oneOf": .array(thenCases)]),
        "TriggerCondition": .object([
            "description": .string("a comparison, or all / any of conditions: at most 5 deep and 50 comparisons"),
            "anyOf": [
                ["type": "object", "required": ["all"], "properties": ["all": conditions]],
                ["type": "object", "required": ["any"], "not": ["required": ["all"]], "properties": ["any": conditions]],
                comparison,
            ],
        ]),
    ]

    /// What a trigger's body holds; `TriggerWhen`, `TriggerIf` and `TriggerThen` say which config each type takes.
    private static var members: [String: JSONValue] {
        [
            "name": text(1...200), "description": text(0...2_000), "active": ["type": "boolean"],
            "trigger_type": ["type": "string", "enum": .array(TriggerType.allCases.map { .string($0.rawValue) })],
            "trigger_config": ["type": "object"],
            "condition_type": ["type": "string", "enum": .array(ConditionType.allCases.map { .string($0.rawValue) })],
            "condition_config": ["type": "object"],
            "action_type": ["type": "string", "enum": .array(ActionType.allCases.map { .string($0.rawValue) })],
            "action_config": ["type": "object"],
        ]
    }

    // MARK: WHEN

    private static var whenCases: [JSONValue] {
        let delays = TriggerWhen.delays.mapValues(\.maximum)
        let references = ConversationField.times.flatMap { ["conversations.\($0.rawValue)", "conversation.\($0.rawValue)"] }
        return [
            when(
                .timeBased,
                .object([
                    "type": "object", "required": ["reference_field"],
                    "properties": .object(
                        delays.mapValues { range(1...$0) }.merging(["reference_field": ["enum": .array(references.map(JSONValue.string))]]) {
                            $1
                        }),
                    "oneOf": exactlyOne(of: delays.keys.sorted()),
                ])),
            when(
                .schedule,
                [
                    "type": "object", "required": ["cron"],
                    "properties": [
                        "cron": [
                            "type": "string", "pattern": .string(CronExpression.pattern),
                            "description": "five fields, minute hour day-of-month month day-of-week: each *, a number, a-b (a not after b), */n or a-b/n, or a list",
                        ],
                        "timezone": ["enum": .array(BusinessHours.timeZones.map(JSONValue.string))], "audience": ref("TriggerCondition"),
                    ],
                ]),
            when(
                .eventBased,
                .object([
                    "type": "object", "required": ["event"],
                    "properties": ["event": ["enum": .array(TriggerEvent.allCases.map { .string($0.rawValue) })], "intent_values": strings, "statuses": strings],
                    "allOf": [
                        ["if": ["properties": ["event": ["const": "intent_detected"]]], "then": ["required": ["intent_values"]]],
                        [
                            "if": ["properties": ["event": ["const": "message_received"]]], "then": ["properties": ["keywords": strings]],
                            "else": ["not": ["required": ["keywords"]]],
                        ],
                    ],
                ])),
            when(.conditionBased, ["type": "object", "required": ["condition"], "properties": ["condition": ref("TriggerCondition")]]),
        ]
    }

    private static func when(_ type: TriggerType, _ config: JSONValue) -> JSONValue {
        ["required": ["trigger_type", "trigger_config"], "properties": ["trigger_type": .object(["const": .string(type.rawValue)]), "trigger_config": config]]
    }

    // MARK: IF

    private static var ifCases: [JSONValue] {
        let scalar: JSONValue = ["type": ["string", "number", "integer", "boolean", "null"]]
        let amounts = TriggerCondition.units.keys.sorted()
        return [
            condition(.always, ["type": "object"]),
            condition(
                .fieldEquals,
                ["type": "object", "required": ["field", "value"], "properties": ["field": field, "value": scalar, "operator": ["const": "equals"]]]),
            condition(
                .fieldContains,
                ["type": "object", "required": ["field", "value"], "properties": ["field": field, "value": scalar, "operator": ["const": "contains"]]]),
            condition(
                .timeElapsed,
                .object([
                    "type": "object", "required": ["field"],
                    "properties": .object(Dictionary(uniqueKeysWithValues: amounts.map { ($0, range(1...TriggerCondition.maxAmount)) }).merging(["field": field]) { $1 }),
                    "oneOf": exactlyOne(of: amounts),
                ])),
            condition(.condition, ref("TriggerCondition")),
        ]
    }

    /// `always` may leave its config out; the others need theirs.
    private static func condition(_ type: ConditionType, _ config: JSONValue) -> JSONValue {
        [
            "required": type == .always ? ["condition_type"] : ["condition_type", "condition_config"],
            "properties": ["condition_type": .object(["const": .string(type.rawValue)]), "condition_config": config],
        ]
    }

    /// `{field, operator, value}`: `exists` takes no value, `in` a list of values, the others one value.
    private static var comparison: JSONValue {
        [
            "type": "object", "required": ["field", "operator"], "not": ["anyOf": [["required": ["all"]], ["required": ["any"]]]],
            "properties": ["field": field, "operator": ["enum": .array(ComparisonOperator.allCases.map { .string($0.rawValue) })]],
            "oneOf": [
                ["properties": ["operator": ["const": "exists"]]],
                [
                    "required": ["value"],
                    "properties": [
                        "operator": ["const": "in"], "value": ["type": "array", "minItems": 1, "items": ["type": ["string", "number", "boolean", "null"]]],
                    ],
                ],
                [
                    "required": ["value"],
                    "properties": [
                        "operator": ["enum": .array(ComparisonOperator.allCases.filter { ![.exists, .in].contains($0) }.map { .string($0.rawValue) })],
                        "value": ["type": ["string", "number", "boolean"]],
                    ],
                ],
            ],
        ]
    }

    private static var conditions: JSONValue { ["type": "array", "minItems": 1, "items": ref("TriggerCondition")] }

    /// The fields a condition reads (`ConditionField`).
    private static var field: JSONValue {
        let conversation = ConversationField.allCases.map(\.rawValue).joined(separator: "|")
        return [
            "type": "string", "maxLength": 128,
            "pattern": .string(#"^(conversations?\.(\#(conversation))|lead\.score|lead\.tags|contact\.name|lead\.fields\.[\s\S]+|event\.[\s\S]+)$"#),
        ]
    }

    // MARK: THEN

    private static var thenCases: [JSONValue] {
        [
            action(.sendMessage, textEither("template_id", or: "message", ["channel": ["enum": .array(TriggerAction.messageChannels.map { .string($0.rawValue) })]])),
            action(
                .sendEmail,
                textEither(
                    "template_id", or: "body",
                    [
                        "to": [
                            "type": "array", "minItems": 1, "maxItems": 100,
                            "items": ["type": "string", "pattern": .string(TextRules.emailPattern), "maxLength": .integer(Int64(TextRules.emailMaxLength))],
                        ],
                        "subject": ["type": "string", "minLength": 1, "maxLength": 200, "pattern": .string(TextRules.oneLinePattern)],
                    ])),
            action(
                .callTool,
                [
                    "type": "object", "required": ["tool"],
                    "oneOf": [
                        ["required": ["input"], "properties": ["tool": ["const": "database.query"], "input": ["type": "object"]]],
                        ["required": ["url"], "properties": ["tool": ["const": "http"], "url": ["type": "string", "pattern": .string(TextRules.webURLPattern)]]],
                        ["required": ["instruction"], "properties": ["tool": ["const": "agent"], "instruction": ["type": "string", "minLength": 1]]],
                    ],
                ]),
            action(
                .changeStatus,
                [
                    "type": "object", "required": ["status"],
                    "properties": ["status": ["enum": .array(ConversationStatus.allCases.map { .string($0.rawValue) })]],
                ]),
        ]
    }

    private static func action(_ type: ActionType, _ config: JSONValue) -> JSONValue {
        ["required": ["action_type", "action_config"], "properties": ["action_type": .object(["const": .string(type.rawValue)]), "action_config": config]]
    }

    /// A config with `first` or `second` (each text of 1 to 4096 characters) beside `properties`.
    private static func textEither(_ first: String, or second: String, _ properties: [String: JSONValue]) -> JSONValue {
        .object([
            "type": "object", "anyOf": [["required": [.string(first)]], ["required": [.string(second)]]],
            "properties": .object(properties.merging([first: text(1...4_096), second: text(1...4_096)]) { $1 }),
        ])
    }

    // MARK: Parts

    /// One alternative a key: that key given, none of the others.
    private static func exactlyOne(of keys: [String]) -> JSONValue {
        .array(keys.map { key in ["required": [.string(key)], "not": ["anyOf": .array(keys.filter { $0 != key }.map { ["required": [.string($0)]] })]] })
    }

    private static var strings: JSONValue {
        ["type": "array", "minItems": 1, "maxItems": .integer(Int64(EventMatch.maxCount)), "items": text(1...EventMatch.maxLength)]
    }

    private static func text(_ lengths: ClosedRange<Int>) -> JSONValue {
        ["type": "string", "minLength": .integer(Int64(lengths.lowerBound)), "maxLength": .integer(Int64(lengths.upperBound))]
    }

    private static func range(_ values: ClosedRange<Int>) -> JSONValue {
        ["type": "integer", "minimum": .integer(Int64(values.lowerBound)), "maximum": .integer(Int64(values.upperBound))]
    }

    private static func ref(_ schema: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(schema)")] }
}
