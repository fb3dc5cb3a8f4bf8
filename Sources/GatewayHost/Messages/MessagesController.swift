import Foundation
import HTTPTypes
import Hummingbird

/// Sending: the send endpoints queue a message and answer 202 at once, or with `Prefer: wait=N` (N up to 30 s) wait
/// for its outcome: 200 with its `sent_at`, the provider's refusal as an error, or 202 when it is still on its way.
/// Message status; dead letters and their replay. Every route acts for one client; another client's message is simply not found.
struct MessagesController {
    let service: MessageService
    let routes: RouteTable

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    static let prefer = HTTPField.Name("Prefer")!
    static let preferenceApplied = HTTPField.Name("Preference-Applied")!
    /// The longest `Prefer: wait` honoured, in seconds.
    static let maxWait = 30
    /// Most jobs one list answers.
    static let maxListed = 500

    /// A send route: the body is the request type (its schema has the type's name), metered as a send.
    private func addSendRoute<Body: SendRequest>(_ body: Body.Type, _ path: String, summary: String, to router: Router<GatewayRequestContext>) {
        routes.add(
            .post, path, summary: summary, request: String(describing: Body.self), response: "SendAccepted", successStatus: .accepted, access: .tenant,
            on: router
        ) { request, context in
            let body = try await request.decodeJSON(as: Body.self, context: context)
            let sends = try await service.limits.admitSend(clientID: try context.actingClientID())
            let accepted = try await service.send(
                clientID: try context.actingClientID(), request: body, idempotencyKey: request.headers[Self.idempotencyKey])
            return try await response(accepted, sends, request, context)
        }
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        addSendRoute(
            SendWhatsAppRequest.self, "/api/integrations/whatsapp/send", summary: "Queue a WhatsApp text or media message (Idempotency-Key honoured for 24 h)",
            to: router)
        addSendRoute(
            SendEmailRequest.self, "/api/integrations/email/send", summary: "Queue an email, text and/or HTML (Idempotency-Key honoured for 24 h)",
            to: router)
        addSendRoute(SendSMSRequest.self, "/api/integrations/sms/send", summary: "Queue a text message (Idempotency-Key honoured for 24 h)", to: router)
        routes.get(
            "/api/messages/{id}", summary: "A message's delivery status, attempts and last error", response: "MessageResponse", access: .tenant,
            on: router
        ) {
            _, context in
            let clientID = try context.actingClientID()
            let id = try context.parameters.require("id")
            let job = try await service.message(clientID: clientID, id: id)
            return MessageResponse(message: MessageView(job, conversationMessage: try await service.conversationMessage(clientID: clientID, id: id)))
        }
        routes.get(
            "/api/jobs", summary: "Messages by status (?status=dead, the default; failed, queued, sending or sent), newest first", response: "JobList",
            access: .tenant, on: router
        ) {
            request, context in
            let status = try Self.listedStatus(request.uri.queryParameters.get("status"))
            let limit = try Self.limit(request.uri.queryParameters.get("limit"))
            return JobList(jobs: try await service.jobs(clientID: try context.actingClientID(), status: status, limit: limit).map { MessageView($0) })
        }
        routes.add(
            .post, "/api/jobs/{id}/retry", summary: "Queue a failed or dead message again with a fresh retry budget", response: "SendAccepted",
            access: .tenant, on: router
        ) {
            _, context in
            let job = try await service.replay(clientID: try context.actingClientID(), id: try context.parameters.require("id"))
            return SendAccepted(job)
        }
    }

    private func response(
        _ accepted: MessageService.Accepted, _ sends: RequestLimits.Taken, _ request: Request, _ context: GatewayRequestContext
    ) async throws -> EncodedResponse<SendAccepted> {
        var headers = RequestLimits.headers([sends])
        if accepted.replayed { headers[Self.idempotentReplayed] = "true" }
        let wait = request.headers[Self.prefer].flatMap(Self.waitSeconds)
        if let wait { headers[Self.preferenceApplied] = "wait=\(wait)" }
        let job = try await service.outcome(clientID: try context.actingClientID(), of: accepted.job, waiting: wait.map { .seconds($0) })
        // 200 only for an outcome waited for; without Prefer the answer is 202 whatever the message's state.
        return EncodedResponse(status: wait != nil && job.status == .sent ? .ok : .accepted, body: SendAccepted(job), headers: headers)
    }

    /// The `wait=N` of a `Prefer` header (RFC 7240), at most `maxWait`; nil when it asks for none.
    static func waitSeconds(_ prefer: String) -> Int? {
        for preference in prefer.split(separator: ",") {
            let parts = preference.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0].lowercased() == "wait", let seconds = Int(parts[1]), seconds > 0 { return min(seconds, maxWait) }
        }
        return nil
    }

    private static func listedStatus(_ text: String?) throws -> JobStatus {
        guard let text else { return .dead }
        guard let status = JobStatus(rawValue: text) else {
            throw GatewayError(
                .badRequest, .validationError, "status must be one of \(JobStatus.allCases.map(\.rawValue).joined(separator: ", "))",
                details: ["field": .string("status")])
        }
        return status
    }

    private static func limit(_ text: String?) throws -> Int {
        guard let text else { return 100 }
        guard let limit = Int(text), (1...maxListed).contains(limit) else {
            throw GatewayError(.badRequest, .validationError, "limit must be 1 to \(maxListed)", details: ["field": .string("limit")])
        }
        return limit
    }
}
