import Foundation

/// How a secret is shown back: its last 4 characters when it is long enough that they give nothing away, else only
/// asterisks. And how a provider's message is cleaned of any secret it repeats before it is stored or answered.
enum SecretMask {
    static func mask(_ value: JSONValue) -> JSONValue {
        guard case .string(let text) = value, text.count >= 12 else { return .string("****") }
        return .string("****" + text.suffix(4))
    }

    /// `message` with every occurrence of a secret value replaced by `****`.
    static func scrub(_ message: String, secrets: [String]) -> String {
        secrets.filter { $0.count >= 4 }.reduce(message) { $0.replacingOccurrences(of: $1, with: "****") }
    }

    /// The string values of `fields` in `config` (the secrets a message must not repeat).
    static func secretValues(in config: [String: JSONValue], fields: Set<String>) -> [String] {
        fields.compactMap { if case .string(let text) = config[$0] { text } else { nil } }
    }
}
