/// JSON schemas of the gateway's request and response bodies, for the OpenAPI document. A request schema states the
/// rules the server checks (`TextRules` keeps the two reading text alike); `TriggerSchemas` adds the triggers'.
enum OpenAPISchemas {
    /// The media types of the bodies that are not JSON.
    static let mediaTypes = ["HTMLPage": "text/html", "Metrics": "text/plain"]
    /// The request bodies a route may go without.
    static let optionalBodies: Set = ["TriggerTestBody"]

    static let all: [String: JSONValue] = base.merging(requests, uniquingKeysWith: named).merging(TriggerSchemas.all, uniquingKeysWith: named)

    private static func named(_: JSONValue, _: JSONValue) -> JSONValue { preconditionFailure("a schema is named twice") }

    /// The responses, and the bodies that are both a request and a response.
    private static let base: [String: JSONValue] = [
        "ErrorEnvelope": object(
            required: ["success", "error", "error_code", "details", "timestamp"],
            [
                "success": .object(["const": .bool(false)]), "error": string, "error_code": string,
                "details": .object(["type": .string("object")]), "timestamp": .object(["type": .string("string"), "format": .string("date-time")]),
            ]
        ),
        "Health": object(
            required: ["status", "services", "timestamp", "store", "queue", "plugins", "credentials"],
            [
                "status": .object(["type": .string("string"), "enum": ["healthy", "degraded", "unhealthy"]]),
                "services": object(
                    required: ["database", "redis", "workers", "scheduler", "plugins"],
                    [
                        "database": ref("HealthProbe"), "redis": ref("HealthProbe"),
                        "workers": object(required: ["status", "concurrency"], ["status": string, "concurrency": integer]),
                        "scheduler": object(required: ["status"], ["status": string, "last_tick_ms_ago": nullable(integer)]),
                        "plugins": ref("HealthPlugins"),
                    ]
                ),
                "timestamp": dateTime, "store": ref("HealthProbe"), "queue": ref("HealthProbe"), "plugins": ref("HealthPlugins"),
                "credentials": object(required: ["status", "unreadable"], ["status": string, "unreadable": integer]),
            ]
        ),
        "HealthProbe": object(required: ["status", "backend"], ["status": string, "backend": string, "age_ms": nullable(integer)]),
        "HealthPlugins": object(
            required: ["status", "loaded", "refused", "quarantined"],
            [
                "status": string, "loaded": integer, "refused": integer,
                "quarantined": array(object(required: ["id", "reason"], ["id": string, "reason": string])),
            ]
        ),
        "Liveness": object(required: ["status"], ["status": string]),
        "IntegrationCounts": object(
            required: ["success", "integrations"],
            [
                "success": boolean,
                "integrations": .object([
                    "type": .string("object"),
                    "additionalProperties": object(
                        required: ["configured_clients", "connected", "errors"],
                        ["configured_clients": integer, "connected": integer, "errors": integer]),
                ]),
            ]
        ),
        "PluginList": object(
            required: ["plugins"],
            [
                "plugins": array(
                    object(
                        required: ["manifest", "state", "isolation"],
                        [
                            "manifest": ref("Manifest"),
                            "state": .object([
                                "type": .string("string"), "enum": .array(["ready", "idle", "restarting", "quarantined"].map(JSONValue.string)),
                            ]),
                            "reason": string,
                            "isolation": .object(["type": .string("string"), "enum": .array(["process", "in-process"].map(JSONValue.string))]),
                            "path": .object(["type": .string("string"), "description": .string("admins only")]), "process_id": integer,
                            "restarts": integer,
                        ]
                    )
                ),
                "errors": .object([
                    "type": .string("array"), "description": .string("admins only"),
                    "items": object(required: ["path", "code", "message"], ["path": string, "code": string, "message": string]),
                ]),
            ]
        ),
        "PluginReset": object(required: ["success", "id", "state"], ["success": boolean, "id": string, "state": string]),
        "Manifest": object(
            required: ["id", "name", "version", "kind", "ops", "config", "webhook", "thread_safe"],
            [
                "id": string, "name": string, "version": string, "kind": string, "ops": array(string),
                "config": array(
                    object(
                        required: ["name", "type", "required", "secret"],
                        ["name": string, "type": string, "required": boolean, "secret": boolean, "description": string, "example": .object([:])])),
                "webhook": boolean, "thread_safe": boolean,
            ]
        ),
        "OpenAPI": .object(["type": .string("object"), "description": .string("this document")]),
        "HTMLPage": .object(["type": .string("string"), "description": .string("an HTML page (text/html)")]),
        "Integration": object(
            required: ["id", "client_id", "type", "provider", "name", "status", "config", "created_at", "updated_at"],
            [
                "id": string, "client_id": string, "type": string, "provider": string, "name": string, "enabled": boolean,
                "status": .object(["type": .string("string"), "enum": .array(IntegrationStatus.all.map(JSONValue.string))]),
                "config": .object(["type": .string("object"), "description": .string("secret fields masked: ****abcd")]),
                "last_tested_at": nullable(dateTime), "last_error": nullable(string), "send_rate_per_minute": nullable(integer),
                "created_at": dateTime, "updated_at": dateTime,
                "role": .object(["type": .string("string"), "enum": ["primary", "fallback"]]),
                "fallback_integration_ids": array(string),
            ]
        ),
        "IntegrationResponse": object(
            required: ["success", "integration"],
            ["success": boolean, "integration": ref("Integration"), "test": ref("ConnectionTestResult")]
        ),
        "IntegrationStatusResponse": object(
            required: ["success", "status", "last_tested_at", "phone_number", "messages_sent_today", "rate_limit_remaining", "integration"],
            [
                "success": boolean, "status": string, "last_tested_at": nullable(dateTime), "phone_number": nullable(string),
                "messages_sent_today": integer, "rate_limit_remaining": nullable(integer), "integration": ref("Integration"),
            ]
        ),
        "ConnectionTestResult": object(
            required: ["success", "message", "latency_ms"],
            [
                "success": boolean, "message": string, "latency_ms": integer, "error_code": string, "detail": string,
                "tables_found": array(string),
            ]
        ),
        "IntegrationList": object(required: ["success", "integrations"], ["success": boolean, "integrations": array(ref("Integration"))]),
        "Deleted": object(required: ["success", "id"], ["success": boolean, "id": string]),
        "APIKey": object(
            required: ["id", "name", "created_at"], ["id": string, "name": string, "created_at": dateTime, "revoked_at": nullable(dateTime)]),
        "APIKeyCreated": object(
            required: ["success", "api_key", "key"],
            [
                "success": boolean, "api_key": ref("APIKey"),
                "key": .object(["type": .string("string"), "description": .string("gwk_...; shown only here")]),
            ]
        ),
        "APIKeyList": object(required: ["success", "api_keys"], ["success": boolean, "api_keys": array(ref("APIKey"))]),
        "Client": object(required: ["id", "name", "created_at"], ["id": string, "name": string, "created_at": dateTime]),
        "ClientCreated": object(required: ["success", "client"], ["success": boolean, "client": ref("Client")]),
        "ClientList": object(required: ["success", "clients"], ["success": boolean, "clients": array(ref("Client"))]),
        "AuditLog": object(
            required: ["success", "entries"],
            [
                "success": boolean,
                "entries": array(
                    object(
                        required: ["actor", "action", "created_at"],
                        [
                            "actor": string, "action": string, "target": nullable(string), "detail": nullable(.object(["type": .string("object")])),
                            "created_at": dateTime,
                        ]
                    )
                ),
            ]
        ),
        "SendAccepted": object(
            required: ["success", "message_id", "status", "sent_at"],
            ["success": boolean, "message_id": string, "status": messageStatus, "sent_at": nullable(dateTime)]
        ),
        "Message": object(
            required: ["id", "channel", "status", "priority", "attempts", "created_at", "updated_at"],
            [
                "id": string, "channel": string, "status": messageStatus, "priority": priority, "attempts": integer,
                "provider_message_id": nullable(string), "error_code": nullable(string), "last_error": nullable(string),
                "created_at": dateTime, "updated_at": dateTime, "sent_at": nullable(dateTime), "next_attempt_at": nullable(dateTime),
                "conversation_id": nullable(string), "delivery_status": nullable(string), "delivered_at": nullable(dateTime),
                "read_at": nullable(dateTime),
                "failed_at": nullable(dateTime),
                "provider_history": array(ref("ProviderHop")),
            ]
        ),
        "ProviderHop": object(
            required: ["integration_id", "provider", "attempts", "reason", "at"],
            [
                "integration_id": string, "provider": string, "attempts": integer, "at": dateTime,
                "reason": .object(["type": .string("string"), "description": .string("why the message left this integration for the next")]),
            ]
        ),
        "MessageResponse": object(required: ["success", "message"], ["success": boolean, "message": ref("Message")]),
        "JobList": object(required: ["success", "jobs"], ["success": boolean, "jobs": array(ref("Message"))]),
        "DatabaseQueryResult": object(
            required: ["success", "rows", "count", "truncated", "latency_ms"],
            ["success": boolean, "rows": array(.object(["type": .string("object")])), "count": integer, "truncated": boolean, "latency_ms": integer]
        ),
        "JSONRPCMessage": .object([
            "type": .string("object"), "required": .array(["jsonrpc"]),
            "description": .string("a JSON-RPC 2.0 message of the Model Context Protocol (2025-11-25): a request, a notification or a response"),
            "properties": .object([
                "jsonrpc": .object(["const": .string("2.0")]), "id": .object(["type": .array(["string", "integer"])]), "method": string,
                "params": .object([:]), "result": .object([:]), "error": .object([:]),
            ]),
            "oneOf": .array([
                .object(["required": .array(["method"]), "not": .object(["anyOf": .array([required("result"), required("error")])])]),
                .object(["required": .array(["id", "result"]), "not": .object(["anyOf": .array([required("method"), required("error")])])]),
                .object(["required": .array(["id", "error"]), "not": .object(["anyOf": .array([required("method"), required("result")])])]),
            ]),
        ]),
        "JSONRPCError": object(
            required: ["jsonrpc", "id", "error"],
            [
                "jsonrpc": .object(["const": .string("2.0")]), "id": .object(["type": .array(["string", "integer", "null"])]),
                "error": object(required: ["code", "message"], ["code": integer, "message": string]),
            ]
        ),
        "WebhookReceived": object(
            required: ["success", "processed_at"],
            [
                "success": boolean, "processed_at": dateTime,
                "duplicate": .object(["type": .string("boolean"), "description": .string("every event had been received before")]),
            ]
        ),
        "Lead": object(
            required: ["tags", "fields"],
            ["score": nullable(.object(["type": .string("number")])), "tags": array(string), "fields": .object(["type": .string("object")])]),
        "Conversation": object(
            required: ["id", "status", "channel", "integration_id", "contact_id", "lead", "messages", "created_at", "updated_at"],
            [
                "id": string,
                "status": .object(["type": .string("string"), "enum": .array(ConversationStatus.allCases.map { .string($0.rawValue) })]),
                "channel": string, "integration_id": string, "contact_id": string, "lead": ref("Lead"),
                "messages": object(required: ["inbound", "outbound"], ["inbound": integer, "outbound": integer]),
                "created_at": dateTime, "updated_at": dateTime, "last_message_at": nullable(dateTime), "last_inbound_at": nullable(dateTime),
                "last_outbound_at": nullable(dateTime),
            ]
        ),
        "ConversationList": object(
            required: ["success", "conversations"],
            ["success": boolean, "conversations": array(ref("Conversation")), "next_cursor": nullable(string)]
        ),
        "ConversationResponse": object(required: ["success", "conversation"], ["success": boolean, "conversation": ref("Conversation")]),
        "ConversationMessage": object(
            required: ["id", "direction", "type", "status", "created_at"],
            [
                "id": string, "direction": .object(["type": .string("string"), "enum": .array(["in", "out"])]),
                "provider_message_id": nullable(string),
                "type": string, "status": string, "created_at": dateTime, "sent_at": nullable(dateTime), "delivered_at": nullable(dateTime),
                "read_at": nullable(dateTime), "failed_at": nullable(dateTime),
                "content": .object(["type": .string("string"), "description": .string("only for a client that stores content (PUT /api/agent)")]),
            ]
        ),
        "ConversationMessageList": object(required: ["success", "messages"], ["success": boolean, "messages": array(ref("ConversationMessage"))]),
        "ContactResponse": object(
            required: ["success", "contact"],
            [
                "success": boolean,
                "contact": object(
                    required: ["id", "channel", "created_at"],
                    [
                        "id": string, "channel": string, "phone": nullable(string), "email": nullable(string), "name": nullable(string),
                        "created_at": dateTime,
                    ]
                ),
            ]
        ),
        "Event": object(
            required: ["id", "seq", "type", "data", "created_at"],
            [
                "id": string, "seq": integer, "type": string, "conversation_id": nullable(string), "integration_id": nullable(string),
                "data": .object(["type": .string("object")]), "created_at": dateTime,
            ]
        ),
        "EventResponse": object(required: ["success", "event"], ["success": boolean, "event": ref("Event")]),
        "EventList": object(required: ["success", "events"], ["success": boolean, "events": array(ref("Event")), "last_seq": nullable(integer)]),
        "AgentResponse": object(
            required: ["success", "agent"],
            [
                "success": boolean,
                "agent": object(
                    required: [
                        "url", "debounce_ms", "max_wait_ms", "max_messages", "store_content", "content_retention_days", "signing_secrets",
                        "tool_signing_secrets",
                    ],
                    [
                        "url": string, "debounce_ms": integer, "max_wait_ms": integer, "max_messages": integer, "store_content": boolean,
                        "content_retention_days": integer, "signing_secrets": array(object(required: [], ["until": nullable(dateTime)])),
                        "signing_secret": .object([
                            "type": .string("string"), "description": .string("whsec_...: only in the answer that generated it"),
                        ]),
                        "tool_signing_secrets": array(object(required: [], ["until": nullable(dateTime)])),
                        "tool_signing_secret": .object([
                            "type": .string("string"),
                            "description": .string("whsec_...: signs a trigger's http tool calls; only in the answer that generated it"),
                        ]),
                    ]
                ),
            ]
        ),
        "TokenPair": object(
            required: ["access_token", "token_type", "expires_in", "refresh_token"],
            [
                "access_token": string, "token_type": .object(["type": .string("string"), "enum": ["Bearer"]]), "expires_in": integer,
                "refresh_token": string,
            ]
        ),
        "Revoked": object(required: ["success"], ["success": boolean]),
        "ClientLimits": body(
            required: [],
            [
                "webhooks_per_minute": .object(["type": .string("integer"), "minimum": .integer(1), "maximum": .integer(1_000_000)]),
                "api_per_minute": .object(["type": .string("integer"), "minimum": .integer(1), "maximum": .integer(1_000_000)]),
                "sends_per_minute": .object(["type": .string("integer"), "minimum": .integer(1), "maximum": .integer(1_000_000)]),
                "events_per_minute": .object(["type": .string("integer"), "minimum": .integer(1), "maximum": .integer(1_000_000)]),
            ]
        ),
        "ClientLimitsResponse": object(required: ["success", "limits"], ["success": boolean, "limits": ref("ClientLimits")]),
        "Trigger": object(
            required: [
                "id", "name", "description", "trigger_type", "trigger_config", "condition_type", "condition_config", "action_type", "action_config",
                "active",
                "execution_count", "last_executed_at", "created_at", "updated_at",
            ],
            [
                "id": string, "name": string, "description": nullable(string), "trigger_type": string,
                "trigger_config": .object(["type": .string("object")]),
                "condition_type": string, "condition_config": .object(["type": .string("object")]), "action_type": string,
                "action_config": .object(["type": .string("object")]), "active": boolean, "execution_count": integer,
                "last_executed_at": nullable(dateTime),
                "created_at": dateTime, "updated_at": dateTime,
            ]
        ),
        "TriggerResponse": object(required: ["success", "trigger"], ["success": boolean, "trigger": ref("Trigger")]),
        "TriggerList": object(
            required: ["success", "triggers", "total"], ["success": boolean, "triggers": array(ref("Trigger")), "total": integer]),
        "TriggerExecution": object(
            required: [
                "id", "trigger_id", "executed_at", "condition_met", "action_executed", "result", "error_message", "skip_reason", "execution_time_ms",
            ],
            [
                "id": string, "trigger_id": string, "conversation_id": nullable(string), "kind": string, "executed_at": dateTime,
                "condition_met": boolean,
                "action_executed": boolean, "result": .object([:]), "error_message": nullable(string), "skip_reason": nullable(string),
                "execution_time_ms": integer,
            ]
        ),
        "TriggerExecutionList": object(
            required: ["success", "executions"],
            ["success": boolean, "executions": array(ref("TriggerExecution")), "next_cursor": nullable(string)]
        ),
        "TriggerSimulationResponse": object(
            required: ["success", "simulation"],
            [
                "success": boolean,
                "test_message": object(required: ["message_id"], ["message_id": string, "missing_variables": array(string)]),
                "simulation": object(
                    required: [
                        "condition_met", "action_would_execute", "affected_conversations", "estimated_messages", "samples", "near_misses", "truncated",
                    ],
                    [
                        "condition_met": boolean, "action_would_execute": boolean, "affected_conversations": integer, "estimated_messages": integer,
                        "samples": array(
                            object(
                                required: ["conversation_id"], ["conversation_id": string, "due_at": nullable(dateTime), "message": nullable(string)])
                        ),
                        "near_misses": array(object(required: ["conversation_id", "failed"], ["conversation_id": string, "failed": string])),
                        "truncated": .object([
                            "type": .string("boolean"),
                            "description": .string("the simulation stopped at 50,000 conversations or 10 s; its figures count what it examined"),
                        ]),
                    ]
                ),
            ]
        ),
        "TriggerDeleted": object(required: ["success", "message"], ["success": boolean, "message": string]),
        "AgentRemoved": object(required: ["success"], ["success": boolean]),
        "Template": object(
            required: ["id", "channel", "subject", "body", "created_at", "updated_at"],
            ["id": string, "channel": string, "subject": nullable(string), "body": string, "created_at": dateTime, "updated_at": dateTime]
        ),
        "TemplateResponse": object(required: ["success", "template"], ["success": boolean, "template": ref("Template")]),
        "TemplateList": object(required: ["success", "templates"], ["success": boolean, "templates": array(ref("Template"))]),
        "TemplateDeleted": object(required: ["success", "id"], ["success": boolean, "id": string]),
        "BusinessHours": object(
            required: ["timezone", "windows"],
            [
                "timezone": .object(["type": .string("string"), "enum": .array(BusinessHours.timeZones.map(JSONValue.string))]),
                "windows": .object([
                    "type": .string("array"), "minItems": 1, "maxItems": 50,
                    "items": object(
                        required: ["days", "start", "end"],
                        [
                            "days": .object([
                                "type": .string("array"), "minItems": 1, "items": .object(["type": .string("integer"), "minimum": 0, "maximum": 6]),
                                "description": .string("0 is Sunday"),
                            ]),
                            "start": time,
                            "end": .object([
                                "type": .string("string"), "pattern": .string(BusinessHours.timePattern),
                                "description": .string("not after start: the window closes the next day; equal to start: open a whole day"),
                            ]),
                        ]
                    ),
                ]),
            ]
        ),
        "BusinessHoursResponse": object(required: ["success", "business_hours"], ["success": boolean, "business_hours": ref("BusinessHours")]),
        "Metrics": .object(["type": .string("string"), "description": .string("Prometheus text exposition format")]),
    ]

    static func required(_ member: String) -> JSONValue { .object(["required": .array([.string(member)])]) }

    /// An integer within `values`.
    static func range(_ values: ClosedRange<Int>) -> JSONValue {
        .object(["type": .string("integer"), "minimum": .integer(Int64(values.lowerBound)), "maximum": .integer(Int64(values.upperBound))])
    }

    /// A string of `lengths` code points.
    static func text(_ lengths: ClosedRange<Int>) -> JSONValue {
        .object(["type": .string("string"), "minLength": .integer(Int64(lengths.lowerBound)), "maxLength": .integer(Int64(lengths.upperBound))])
    }

    static let priority = JSONValue.object(["type": .string("string"), "enum": .array(JobPriority.allCases.map { .string($0.rawValue) })])
    static let messageStatus = JSONValue.object(["type": .string("string"), "enum": .array(JobStatus.allCases.map { .string($0.rawValue) })])

    static let dateTime = JSONValue.object(["type": .string("string"), "format": .string("date-time")])
    static let time = JSONValue.object(["type": .string("string"), "pattern": .string(BusinessHours.timePattern)])

    static func ref(_ schema: String) -> JSONValue {
        .object(["$ref": .string("#/components/schemas/\(schema)")])
    }

    static func nullable(_ schema: JSONValue) -> JSONValue {
        .object(["oneOf": .array([schema, .object(["type": .string("null")])])])
    }

    static let string = JSONValue.object(["type": .string("string")])
    static let integer = JSONValue.object(["type": .string("integer")])
    static let boolean = JSONValue.object(["type": .string("boolean")])

    static func array(_ items: JSONValue) -> JSONValue {
        .object(["type": .string("array"), "items": items])
    }

    static func object(required: [String], _ properties: [String: JSONValue]) -> JSONValue {
        .object(["type": .string("object"), "required": .array(required.map(JSONValue.string)), "properties": .object(properties)])
    }
}
