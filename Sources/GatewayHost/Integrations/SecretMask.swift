/// How a secret is shown back: its last 4 characters when it is long enough that they give nothing away, else only
/// asterisks.
enum SecretMask {
    static func mask(_ value: JSONValue) -> JSONValue {
        guard case .string(let text) = value, text.count >= 12 else { return .string("****") }
        return .string("****" + text.suffix(4))
    }
}
