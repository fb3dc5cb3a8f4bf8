import Foundation

/// A WhatsApp destination as the WhatsApp gateways (uazapiGO, Evolution API) want it: digits only with the country
/// code, or a group id.
public enum WhatsAppNumber {
    /// Normalises `+55 11 9...`, `(11) 9...` (adding `defaultCountryCode`), `5511...@s.whatsapp.net`; passes group ids
    /// (`...@g.us`) through. Refuses opaque `@lid` ids and anything that is not 10 to 15 digits.
    public static func normalise(_ raw: String, defaultCountryCode: String, field: String) throws(ProviderError) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("@g.us") {
            let id = trimmed.dropLast("@g.us".count)
            guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) else {
                throw .invalid("'\(raw)' is not a WhatsApp group id", field: field)
            }
            return trimmed
        }
        guard !trimmed.contains("@lid") else { throw .invalid("an @lid id is not a phone number", field: field) }
        let number = trimmed.hasSuffix("@s.whatsapp.net") ? String(trimmed.dropLast("@s.whatsapp.net".count)) : trimmed
        guard number.allSatisfy({ $0.isASCII && ($0.isNumber || " +-().".contains($0)) }) else {
            throw .invalid("'\(raw)' is not a phone number", field: field)
        }
        var digits = number.filter(\.isNumber)
        if number.hasPrefix("00") {
            digits.removeFirst(2)
        } else if !number.hasPrefix("+"), digits.count <= 11 {
            digits = defaultCountryCode + digits  // a national number: area code and subscriber only
        }
        guard (10...15).contains(digits.count) else { throw .invalid("'\(raw)' is not a phone number with country code", field: field) }
        return digits
    }

    /// The country code added to national numbers: 1 to 3 digits, 55 (Brazil) when not configured.
    public static func countryCode(_ raw: String?, field: String) throws(ProviderError) -> String {
        let code = raw ?? "55"
        guard !code.isEmpty, code.count <= 3, code.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalid("\(field) must be 1 to 3 digits", field: field)
        }
        return code
    }

    /// The phone in a WhatsApp JID (`5511...@s.whatsapp.net` or bare digits); nil for `@lid`, groups and other ids.
    public static func phone(fromJID jid: String?) -> String? {
        guard let jid, !jid.isEmpty else { return nil }
        let user = jid.hasSuffix("@s.whatsapp.net") ? String(jid.dropLast("@s.whatsapp.net".count)) : jid
        let digits = user.split(separator: ":").first.map(String.init) ?? user  // device suffix "5511...:12"
        guard (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return digits
    }
}
