import HTTPTypes
import Hummingbird

/// Sending: the send endpoints queue a message and answer 202 at once; message status; dead letters and their
/// replay. Every route acts for one client; another client's message is simply not found.
struct MessagesController {
    let service: MessageService
    let routes: RouteTable

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    /// Most jobs one list answers.
    static let maxListed = 500

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.add(
            .post, "/api/integrations/whatsapp/send", summary: "Queue a WhatsApp text or media message (Idempotency-Key honoured for 24 h)",
            request: "SendWhatsAppRequest", response: "SendAccepted", successStatus: .accepted, access: .tenant, on: router
        ) { request, context in
            let body = try await request.decodeJSON(as: SendWhatsAppRequest.self, context: context)
            let accepted = try await service.send(clientID: try context.actingClientID(), request: body, idempotencyKey: request.headers[Self.idempotencyKey])
            return Self.response(accepted)
        }
        routes.add(
            .post, "/api/integrations/email/send", summary: "Queue an email, text and/or HTML (Idempotency-Key honoured for 24 h)",
            request: "SendEmailRequest", response: "SendAccepted", successStatus: .accepted, access: .tenant, on: router
        ) { request, context in
            let body = try await request.decodeJSON(as: SendEmailRequest.self, context: context)
            let accepted = try await service.send(clientID: try context.actingClientID(), request: body, idempotencyKey: request.headers[Self.idempotencyKey])
            return Self.response(accepted)
        }
        routes.get("/api/messages/{id}", summary: "A message's delivery status, attempts and last error", response: "MessageResponse", access: .tenant, on: router) {
            _, context in
            let clientID = try context.actingClientID()
            let id = try context.parameters.require("id")
            let job = try await service.message(clientID: clientID, id: id)
            return MessageResponse(message: MessageView(job, conversationMessage: try await service.conversationMessage(clientID: clientID, id: id)))
        }
        routes.get("/api/jobs", summary: "Dead letters (?status=dead, the default) or failed messages (?status=failed), newest first", response: "JobList", access: .tenant, on: router) {
            request, context in
            let status = try Self.listedStatus(request.uri.queryParameters.get("status"))
            let limit = try Self.limit(request.uri.queryParameters.get("limit"))
            return JobList(jobs: try await service.jobs(clientID: try context.actingClientID(), status: status, limit: limit).map { MessageView($0) })
        }
        routes.add(.post, "/api/jobs/{id}/retry", summary: "Queue a failed or dead message again with a fresh retry budget", response: "SendAccepted", access: .tenant, on: router) {
            _, context in
            let job = try await service.replay(clientID: try context.actingClientID(), id: try context.parameters.require("id"))
            return SendAccepted(message_id: job.id, status: job.status.rawValue)
        }
    }

    private static func response(_ accepted: MessageService.Accepted) -> EncodedResponse<SendAccepted> {
        var headers: HTTPFields = [:]
        if accepted.replayed { headers[idempotentReplayed] = "true" }
        return EncodedResponse(status: .accepted, body: SendAccepted(message_id: accepted.job.id, status: accepted.job.status.rawValue), headers: headers)
    }

    private static func listedStatus(_ text: String?) throws -> JobStatus {
        guard let text else { return .dead }
        guard let status = JobStatus(rawValue: text), status.isReplayable else {
            throw GatewayError(.badRequest, .validationError, "status must be dead or failed", details: ["field": .string("status")])
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
