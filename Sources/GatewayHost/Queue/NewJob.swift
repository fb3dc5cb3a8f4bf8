package import Foundation

/// A job to add.
package struct NewJob: Sendable {
    package let id: String
    package let clientID: String
    package let channel: IntegrationType
    package let op: String
    package let input: String
    package let priority: JobPriority
    /// Not before this time (nil: now).
    package let notBefore: Date?
    /// The caller's `Idempotency-Key` and a fingerprint of its request.
    package let idempotency: (key: String, fingerprint: String)?

    package init(
        id: String, clientID: String, channel: IntegrationType, op: String, input: String, priority: JobPriority, notBefore: Date?,
        idempotency: (key: String, fingerprint: String)?
    ) {
        self.id = id
        self.clientID = clientID
        self.channel = channel
        self.op = op
        self.input = input
        self.priority = priority
        self.notBefore = notBefore
        self.idempotency = idempotency
    }
}
