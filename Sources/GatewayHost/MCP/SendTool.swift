import Foundation
import MCP

/// `send_whatsapp`, `send_sms` and `send_email`: the send routes as tools. The message is queued as by REST (the same validation,
/// idempotency keys shared with REST); with `wait_seconds` the answer waits for the provider's outcome, and a message
/// the provider refused, or whose retries ran out, is an error result naming why.
struct SendTool<Request: SendRequest>: AgentTool {
    let definition: AgentToolDefinition
    let messages: MessageService

    /// The arguments a send tool takes besides the request's own.
    private struct Options: Decodable {
        let idempotency_key: String?
        let wait_seconds: Int?
    }

    static var maxWaitSeconds: Int { 30 }

    func run(_ arguments: ToolArguments, for caller: ToolCaller) async throws -> JSONValue {
        let options = try arguments.decode(Options.self)
        let request = try arguments.decode(Request.self)
        let wait = options.wait_seconds ?? 0
        guard (0...Self.maxWaitSeconds).contains(wait) else {
            throw MessageError.invalid("wait_seconds must be 0 to \(Self.maxWaitSeconds)", field: "wait_seconds")
        }
        _ = try await messages.limits.admitSend(clientID: caller.clientID)
        let accepted = try await messages.send(clientID: caller.clientID, request: request, idempotencyKey: options.idempotency_key)
        let job = try await messages.outcome(clientID: caller.clientID, of: accepted.job, waiting: wait > 0 ? .seconds(wait) : nil)
        return [
            "message_id": .string(job.id), "status": .string(job.status.rawValue),
            "sent_at": job.sentAt.map { .string($0.formatted(.iso8601)) } ?? .null,
            "replayed": .bool(accepted.replayed), "settled": .bool(job.status.isSettled),
        ]
    }
}

extension SendTool {
    /// Arguments every send tool takes besides its request's.
    private static var options: [String: JSONValue] {
        [
            "idempotency_key": [
                "type": "string", "minLength": 1, "maxLength": 255,
                "description":
                    "the same key within 24 hours returns the first message instead of sending again (shared with the REST Idempotency-Key)",
            ],
            "wait_seconds": [
                "type": "integer", "minimum": 0, "maximum": 30,
                "description": "wait up to this long for the provider's outcome (default 0: answer as soon as the message is queued)",
            ],
        ]
    }

    private static var output: JSONValue {
        ToolSchema.object(
            required: ["message_id", "status", "sent_at", "replayed", "settled"],
            [
                "message_id": ["type": "string"],
                "status": ["type": "string", "enum": .array(JobStatus.allCases.map { .string($0.rawValue) })],
                "sent_at": ["type": ["string", "null"], "format": "date-time", "description": "when the provider accepted it; null until then"],
                "replayed": ["type": "boolean", "description": "true when an earlier call with the same idempotency_key had queued it"],
                "settled": ["type": "boolean", "description": "true when the provider's outcome is known; false when the answer came before it"],
            ]
        )
    }

    private static var annotations: Tool.Annotations {
        Tool.Annotations(readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true)
    }

    static var whatsapp: AgentToolDefinition {
        AgentToolDefinition(
            name: "send_whatsapp", title: "Send a WhatsApp message",
            description: """
                Send a WhatsApp message through the client's WhatsApp integration: a text (message) or a media message (media_url and \
                media_type, with an optional caption). The phone includes the country code, e.g. +5511999990000. Sends are queued and \
                retried; pass idempotency_key so a repeated call does not send twice, and wait_seconds to wait for the outcome.
                """,
            input: ToolSchema.extending("SendWhatsAppRequest", with: options), output: output, annotations: annotations
        )
    }

    static var sms: AgentToolDefinition {
        AgentToolDefinition(
            name: "send_sms", title: "Send a text message (SMS)",
            description: """
                Send a text message through the client's SMS integration (Twilio): the phone includes the country code, e.g. \
                +5511999990000; the message is at most 1600 characters. Sends are queued and retried; pass idempotency_key so a repeated \
                call does not send twice, and wait_seconds to wait for the outcome.
                """,
            input: ToolSchema.extending("SendSMSRequest", with: options), output: output, annotations: annotations
        )
    }

    static var email: AgentToolDefinition {
        AgentToolDefinition(
            name: "send_email", title: "Send an email",
            description: """
                Send an email through the client's email integration (SMTP or SendGrid): to (1 to 50 addresses in all with cc and bcc), a \
                one-line subject, and body (plain text) and/or html. Sends are queued and retried; pass idempotency_key so a repeated call \
                does not send twice, and wait_seconds to wait for the outcome.
                """,
            input: ToolSchema.extending("SendEmailRequest", with: options), output: output, annotations: annotations
        )
    }
}
