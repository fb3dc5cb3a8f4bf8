/// Email address checks shared by the email providers.
public enum EmailAddress {
    /// A plausible address: one `@`, a dotted domain, and nothing that could break out of a header or an SMTP command
    /// (whitespace, CR/LF, `<>,;"`). The server checks the rest.
    public static func validated(_ raw: String, field: String) throws(ProviderError) -> String {
        let parts = raw.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !raw.contains(where: { $0.isWhitespace || $0.isNewline || "<>,;\"".contains($0) })
        else { throw .invalid("'\(raw.prefix(100))' is not an email address", field: field) }
        return raw
    }

    /// Validates each address; an error names its index (`to.1`).
    public static func validated(_ list: [String], field: String) throws(ProviderError) -> [String] {
        var result: [String] = []
        for (index, raw) in list.enumerated() { result.append(try validated(raw, field: "\(field).\(index)")) }
        return result
    }

    /// A Message-ID to answer (`In-Reply-To`): `<left@right>`, at most 998 characters, nothing that could break out of a
    /// header. nil for nil.
    public static func messageID(_ raw: String?, field: String) throws(ProviderError) -> String? {
        guard let raw else { return nil }
        guard raw.count <= 998, raw.hasPrefix("<"), raw.hasSuffix(">"), raw.dropFirst().dropLast().contains("@"),
            !raw.dropFirst().dropLast().contains(where: { $0.isWhitespace || $0.isNewline || "<>".contains($0) }), raw.allSatisfy(\.isASCII)
        else { throw .invalid("'\(raw.prefix(100))' is not a Message-ID", field: field) }
        return raw
    }

    /// Refuses an address that appears twice across the lists (case-insensitively), naming the list it repeats in.
    public static func checkDistinct(_ lists: [(field: String, addresses: [String])]) throws(ProviderError) {
        var seen: Set<String> = []
        for (field, addresses) in lists {
            for address in addresses where !seen.insert(address.lowercased()).inserted {
                throw .invalid("\(address) appears more than once among the recipients", field: field)
            }
        }
    }
}
