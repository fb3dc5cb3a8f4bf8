import Foundation
import ProviderKit

/// Twilio's addresses: `+` and 8 to 15 digits (E.164).
enum TwilioNumber {
    static func e164(_ raw: String, field: String) throws(ProviderError) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || " +-().".contains($0)) }) else {
            throw .invalid("'\(raw.prefix(40))' is not a phone number", field: field)
        }
        let digits = trimmed.filter(\.isNumber)
        guard trimmed.hasPrefix("+") || digits.count >= 10, (8...15).contains(digits.count) else {
            throw .invalid("'\(raw.prefix(40))' is not a phone number with country code", field: field)
        }
        return "+" + digits
    }

    /// The phone in a webhook's `From` (`+5511...` or `whatsapp:+5511...`), as digits; nil for anything else.
    static func phone(_ address: String?) -> String? {
        guard let address else { return nil }
        let number = address.hasPrefix("whatsapp:") ? String(address.dropFirst("whatsapp:".count)) : address
        let digits = number.dropFirst()
        guard number.hasPrefix("+"), (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(digits)
    }
}
