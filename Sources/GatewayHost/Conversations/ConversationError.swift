/// Why a conversation, contact or event request was refused; the HTTP edge maps each code to the envelope.
package struct ConversationError: Error, Sendable, CustomStringConvertible {
    package enum Code: Sendable, Equatable {
        /// The request is wrong; `field` names what.
        case invalid
        /// The client has no such conversation or contact.
        case notFound
    }

    package let code: Code
    package let message: String
    package var field: String?

    static func invalid(_ message: String, field: String) -> ConversationError {
        ConversationError(code: .invalid, message: message, field: field)
    }

    static func notFound(_ what: String) -> ConversationError {
        ConversationError(code: .notFound, message: "no \(what) with that id")
    }

    package var description: String { message }
}
