/// The request bodies' schemas: each states the rules the server checks, as far as JSON Schema can (the descriptions
/// and `TriggerSchemas` say the rest). An optional member may be null, which Codable reads as absent.
extension OpenAPISchemas {
    static let requests: [String: JSONValue] = [
        "IntegrationChange": .object([
            "type": .string("object"),
            "properties": .object([
                "enabled": boolean,
                "fallback_integration_ids": .object([
                    "type": .string("array"), "maxItems": .integer(Int64(IntegrationService.maxFallbacks)), "uniqueItems": true, "items": string,
                    "description": .string("fallbacks of the same type (POST /api/integrations/{type}/fallbacks), in failover order"),
                ]),
            ]),
            "anyOf": .array([required("enabled"), required("fallback_integration_ids")]),
        ]),
        "CreateAPIKey": object(required: ["name"], ["name": text(1...100)]),
        "CreateClient": object(
            required: ["id", "name"], ["id": .object(["type": .string("string"), "pattern": .string(ClientID.pattern)]), "name": string]),
        "SendWhatsAppRequest": body(
            required: ["phone"],
            [
                "phone": .object([
                    "type": .string("string"), "description": .string("with its country code, or a group id (...@g.us)"),
                    "anyOf": .array([.object(["pattern": .string(TextRules.phonePattern)]), .object(["pattern": .string("@g\\.us$")])]),
                ]),
                "message": .object([
                    "type": .string("string"), "maxLength": .integer(Int64(WhatsAppContent.maxTextLength)),
                    "pattern": .string(TextRules.nonBlankPattern),
                ]),
                "media_url": .object(["type": .string("string"), "pattern": .string(TextRules.webURLPattern)]),
                "media_type": .object(["type": .string("string"), "enum": .array(WhatsAppContent.mediaTypes.sorted().map(JSONValue.string))]),
                "caption": string, "file_name": string, "priority": priority, "send_at": sendAt,
            ],
            [
                "description": .string("a text (message) or a media message (media_url and media_type, with an optional caption)"),
                "anyOf": .array([present("message"), .object(["allOf": .array([present("media_url"), present("media_type")])])]),
                // A media_url makes it a media message, whatever else is given.
                "if": present("media_url"), "then": present("media_type"),
            ]
        ),
        "SendSMSRequest": body(
            required: ["phone", "message"],
            [
                "phone": .object([
                    "type": .string("string"), "description": .string("with its country code"), "pattern": .string(TextRules.phonePattern),
                ]),
                "message": .object([
                    "type": .string("string"), "minLength": 1, "maxLength": .integer(Int64(Outgoing.maxSMSLength)),
                    "pattern": .string(TextRules.nonBlankPattern),
                ]),
                "priority": priority, "send_at": sendAt,
            ]
        ),
        "SendEmailRequest": body(
            required: ["to", "subject"],
            [
                "to": .object(["type": .string("array"), "minItems": 1, "maxItems": 50, "items": email]),
                "subject": .object(["type": .string("string"), "minLength": 1, "pattern": .string(TextRules.oneLinePattern)]),
                "body": string, "html": string,
                "cc": .object(["type": .string("array"), "maxItems": 50, "items": email]),
                "bcc": .object(["type": .string("array"), "maxItems": 50, "items": email]),
                "reply_to": email, "priority": priority, "send_at": sendAt,
            ],
            [
                "description": .string("body is the plain text, html the HTML part: at least one; at most 50 recipients in to, cc and bcc together"),
                "anyOf": .array([present("body", minLength: 1), present("html", minLength: 1)]),
            ]
        ),
        "DatabaseQuery": body(
            required: ["table"],
            [
                "table": .object(["type": .string("string"), "description": .string("one of the integration's allowed_tables")]),
                "operation": .object([
                    "type": .string("string"), "enum": .array(["select", "insert", "update", "delete"].map(JSONValue.string)),
                    "description": .string("default select; writes only when the integration is not read_only"),
                ]),
                "select": .object(["type": .string("array"), "items": string, "description": .string("columns to return (default all)")]),
                "filters": array(
                    body(
                        required: ["column", "op"],
                        [
                            "column": string,
                            "op": .object([
                                "type": .string("string"),
                                "enum": .array(["eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "in", "is"].map(JSONValue.string)),
                            ]),
                            "value": .object(["description": .string("a scalar; an array of scalars for in; null, true or false for is")]),
                        ]
                    )
                ),
                "order": array(body(required: ["column"], ["column": string, "desc": boolean])),
                "limit": .object([
                    "type": .string("integer"), "minimum": .integer(Int64(DatabaseQuery.limits.lowerBound)),
                    "maximum": .integer(Int64(DatabaseQuery.limits.upperBound)), "description": .string("rows beyond the integration's max_rows are cut"),
                ]),
                "data": .object([
                    "type": .array([.string("object"), .string("array")]), "description": .string("insert: a row or rows; update: the new values"),
                ]),
            ]
        ),
        "UazapiDelivery": .object([
            "type": .string("object"), "required": .array(["token"]),
            "description": .string("uazapi's webhook body (docs/providers/uazapi.md); its instance token finds the integration"),
            "properties": .object(["token": string]),
        ]),
        "ConversationChange": body(
            required: [],
            [
                "status": .object(["type": .string("string"), "enum": .array(ConversationStatus.allCases.map { .string($0.rawValue) })]),
                "lead": body(
                    required: [],
                    [
                        "score": .object(["type": .string("number"), "minimum": .number(-ConversationService.maxScore), "maximum": .number(ConversationService.maxScore)]),
                        "tags": .object(["type": .string("array"), "maxItems": 50, "items": text(1...64)]),
                        "fields": .object([
                            "type": .string("object"),
                            "description": .string("merged into the stored ones; null removes one; at most 16 KiB, nesting at most 8 deep"),
                        ]),
                    ]),
            ]
        ),
        "EventReport": body(
            required: ["type"],
            [
                "conversation_id": string, "phone": .object(["type": .string("string"), "pattern": .string(TextRules.phonePattern)]),
                "type": .object([
                    "type": .string("string"), "pattern": .string("^[a-z][a-z0-9_]{0,63}$"),
                    "not": .object(["enum": .array(ConversationService.gatewayEventTypes.sorted().map(JSONValue.string))]),
                ]),
                "data": .object([
                    "type": .string("object"),
                    "description": .string("at most 16 KiB, nesting at most 8 deep; trigger_id and trigger_depth are the gateway's"),
                    "not": .object(["anyOf": .array(ConversationService.reservedEventKeys.sorted().map { ["required": [.string($0)]] })]),
                ]),
            ],
            [
                "description": .string("on the conversation named by conversation_id, else by the contact's phone"),
                "anyOf": .array([present("conversation_id"), present("phone")]),
            ]
        ),
        "AgentRequest": body(
            required: ["url"],
            [
                "url": .object(["type": .string("string"), "pattern": .string(TextRules.webURLPattern), "description": .string("the agent's https endpoint")]),
                "debounce_ms": range(0...60_000),
                "max_wait_ms": .object([
                    "type": .string("integer"), "minimum": 0, "maximum": 300_000, "description": .string("at least debounce_ms"),
                ]),
                "max_messages": range(1...100), "store_content": boolean, "content_retention_days": range(1...3_650), "rotate_secret": boolean,
                "rotate_tool_secret": boolean,
                "rotation_overlap_hours": range(0...720),
            ]
        ),
        "RefreshBody": object(required: ["refresh_token"], ["refresh_token": string]),
        "TriggerToggle": object(required: ["active"], ["active": boolean]),
        "TriggerTestBody": body(
            required: [],
            [
                "send_test_to": .object([
                    "type": .string("string"), "description": .string("a phone number for a WhatsApp message, an email address for an email"),
                    "anyOf": .array([.object(["pattern": .string(TextRules.phonePattern)]), email]),
                ])
            ]),
        "TemplateChange": body(required: [], templateFields.filter { $0.key != "id" }),
        "NewTemplate": body(required: ["id", "channel", "body"], templateFields),
    ]

    private static let templateFields: [String: JSONValue] = [
        "id": .object(["type": .string("string"), "pattern": .string("^[A-Za-z0-9_-]{1,64}$")]),
        "channel": .object(["type": .string("string"), "enum": .array(TemplateService.channels.map { .string($0.rawValue) })]),
        "subject": .object(["type": .string("string"), "maxLength": 200, "pattern": .string(TextRules.oneLinePattern)]),
        "body": .object([
            "type": .string("string"), "minLength": 1, "maxLength": 4096,
            "description": .string("Mustache: {{contact.name}}, {{lead.score}}, {{conversation.status}}..."),
        ]),
    ]
    private static let email = JSONValue.object([
        "type": .string("string"), "maxLength": .integer(Int64(TextRules.emailMaxLength)), "pattern": .string(TextRules.emailPattern),
    ])

    /// A request body's object: its optional members may also be null, which reads as absent.
    /// `more` adds keywords beside them (`anyOf`, `description`).
    static func body(required: [String], _ properties: [String: JSONValue], _ more: [String: JSONValue] = [:]) -> JSONValue {
        let members = Dictionary(uniqueKeysWithValues: properties.map { ($0.key, required.contains($0.key) ? $0.value : orNull($0.value)) })
        guard case .object(let schema) = object(required: required, members) else { return object(required: required, members) }
        return .object(schema.merging(more) { $1 })
    }

    /// Requires `member` as a string (of at least `minLength`), not null.
    private static func present(_ member: String, minLength: Int = 0) -> JSONValue {
        .object([
            "required": .array([.string(member)]),
            "properties": .object([member: .object(["type": .string("string"), "minLength": .integer(Int64(minLength))])]),
        ])
    }

    private static let sendAt = JSONValue.object(["type": .string("string"), "format": .string("date-time"), "description": .string("within 30 days")])

    static func orNull(_ schema: JSONValue) -> JSONValue { .object(["anyOf": .array([schema, .object(["type": .string("null")])])]) }
}
