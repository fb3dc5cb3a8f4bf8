/// Why a send, a message lookup or a replay was refused. Services throw it; only the HTTP edge knows the status and
/// envelope each code reads as. Messages never hold a secret or a message's content.
package struct MessageError: Error, Sendable, CustomStringConvertible {
    package enum Code: Sendable, Equatable {
        /// The message is wrong; `field` names what.
        case invalid
        /// The `Idempotency-Key` is not 1 to 255 printable ASCII characters.
        case invalidIdempotencyKey
        /// The key was used with a different message in the last 24 hours (`messageID` is the first one's).
        case idempotencyKeyReused
        /// The client has no integration of the message's channel.
        case integrationNotFound
        /// The channel's integration is switched off (its queued messages wait).
        case integrationDisabled
        /// The client has no message with that id.
        case notFound
        /// Only failed or dead messages can be replayed.
        case notReplayable
        /// The provider refused the message, or its retries ran out (`job` is the message as it stands).
        case notDelivered
    }

    package let code: Code
    package let message: String
    package var field: String?
    package var messageID: String?
    package var job: Job?

    package init(_ code: Code, _ message: String, field: String? = nil, messageID: String? = nil, job: Job? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.messageID = messageID
        self.job = job
    }

    static func invalid(_ message: String, field: String) -> MessageError {
        MessageError(.invalid, message, field: field)
    }

    package var description: String { message }
}
