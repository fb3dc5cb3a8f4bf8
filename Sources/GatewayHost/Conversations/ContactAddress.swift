import Foundation

/// A contact's address in the one form its blind index is computed on: a phone as `+` and its digits (E.164), an email
/// trimmed and lower-cased. Nil when the text is neither.
package enum ContactAddress {
    package static func normalized(_ address: String, channel: IntegrationType) -> String? {
        switch channel {
        case .email:
            let email = address.trimmingCharacters(in: .whitespaces).lowercased()
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && email.count <= 254 ? email : nil
        default:
            guard TextRules.isPhone(address) else { return nil }
            return "+" + address.filter(\.isASCII).filter(\.isNumber)
        }
    }
}
