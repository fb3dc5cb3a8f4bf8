/// Why a trigger request was refused, with the seed's codes.
struct TriggerError: Error, Sendable {
    enum Code {
        case notFound
        /// `field` names the path at fault, e.g. `trigger_config.delay_days`.
        case invalidConfig
        /// The action could not run (a test send without a template or subject).
        case executionFailed
    }

    let code: Code
    let message: String
    var field: String?

    static let notFound = TriggerError(code: .notFound, message: "no trigger with that id")

    static func invalid(_ message: String, field: String) -> TriggerError {
        TriggerError(code: .invalidConfig, message: message, field: field)
    }
}
