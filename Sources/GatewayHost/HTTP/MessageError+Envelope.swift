import HTTPTypes

extension MessageError: EnvelopeError {
    var envelope: GatewayError {
        switch code {
        case .invalid:
            GatewayError(.unprocessableContent, .validationError, message, details: field.map { ["field": .string($0)] } ?? [:])
        case .invalidIdempotencyKey:
            GatewayError(.badRequest, .validationError, message, details: ["field": "Idempotency-Key"])
        case .idempotencyKeyReused:
            GatewayError(.unprocessableContent, .idempotencyKeyReused, message, details: messageID.map { ["message_id": .string($0)] } ?? [:])
        case .integrationNotFound:
            GatewayError(.notFound, .integrationNotFound, message)
        case .integrationDisabled:
            GatewayError(.conflict, .integrationDisabled, message)
        case .notFound:
            GatewayError(.notFound, .notFound, message)
        case .notReplayable:
            GatewayError(.conflict, .conflict, message)
        case .notDelivered:
            GatewayError(.badGateway, .forJob(job?.errorCode), message, details: Self.details(of: job))
        }
    }

    /// The undelivered message's id and status, and the provider's code when it gave one.
    private static func details(of job: Job?) -> [String: JSONValue] {
        guard let job else { return [:] }
        var details: [String: JSONValue] = ["message_id": .string(job.id), "status": .string(job.status.rawValue)]
        details["provider_status"] = job.errorCode.map { .string($0.text) }
        return details
    }
}
