/// Why a template request was refused; the HTTP edge maps each code to the envelope.
package struct TemplateError: Error, Sendable, CustomStringConvertible {
    package enum Code: Sendable, Equatable {
        /// The template is wrong; `field` names what.
        case invalid
        /// The client has no template with that id.
        case notFound
        /// The client has a template with that id already.
        case alreadyExists
        /// Rendering it with these values would cost more than `TemplateBudget` allows.
        case overBudget
    }

    package let code: Code
    package let message: String
    package var field: String?

    static func invalid(_ message: String, field: String) -> TemplateError {
        TemplateError(code: .invalid, message: message, field: field)
    }

    static func overBudget(_ reason: String) -> TemplateError {
        TemplateError(code: .overBudget, message: "the template is over budget: \(reason)")
    }

    static let notFound = TemplateError(code: .notFound, message: "no template with that id")

    package var description: String { message }
}
