/// Client ids: 1 to 64 of lower-case letters, digits, '-' and '_', starting with a letter or digit. They appear in
/// URLs, logs and key contexts, so nothing else is allowed.
package enum ClientID {
    /// The same rule as `isValid`, for the OpenAPI document.
    static let pattern = "^[a-z0-9][a-z0-9_-]{0,63}$"

    package static func isValid(_ id: String) -> Bool {
        guard let first = id.first, (1...64).contains(id.count), first.isASCII, first.isLetter || first.isNumber else { return false }
        return id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
