/// Rules on text that the OpenAPI document states as JSON Schema, checked here exactly as a schema validator reads
/// them: lengths in Unicode code points, ASCII digits, and one explicit set of blanks and line breaks, so a body the
/// document accepts is one the server accepts, and the reverse.
enum TextRules {
    /// A phone number with its country code: 8 to 15 digits, with spaces, `+`, `-`, `(`, `)` or `.` between.
    static let phonePattern = "^[ +().-]*([0-9][ +().-]*){8,15}$"
    /// One address, `local@domain.tld`, with nothing that could break a header.
    static let emailPattern = #"^[^@\x00-\x20\x7f<>,;"]+@[^@\x00-\x20\x7f<>,;"]*\.[^@\x00-\x20\x7f<>,;"]*$"#
    static let emailMaxLength = 254
    /// An absolute http(s) URL: a host, then a path, query or fragment, with no blank or control character.
    static let webURLPattern = #"^https?://[^\x00-\x20\x7f/?#@]+([/?#][^\x00-\x20\x7f]*)?$"#
    /// Text with something in it besides blanks.
    static let nonBlankPattern = "[^" + blanks.sorted().map { "\\u" + hex4($0) }.joined() + "]"
    /// One line: no line break anywhere.
    static let oneLinePattern = "^[^" + lineBreaks.sorted().map { "\\u" + hex4($0) }.joined() + "]*$"

    static func length(_ text: String) -> Int { text.unicodeScalars.count }

    static func isPhone(_ text: String) -> Bool {
        let digits = text.unicodeScalars.filter(isDigit).count
        return (8...15).contains(digits) && text.unicodeScalars.allSatisfy { isDigit($0) || " +-().".unicodeScalars.contains($0) }
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        let forbidden = #"<>,;""#.unicodeScalars
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && length(text) <= emailMaxLength
            && text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7f && !forbidden.contains($0) }
    }

    static func isWebURL(_ text: String) -> Bool {
        (try? Regex(webURLPattern).matchingSemantics(.unicodeScalar).wholeMatch(in: text)) != nil
    }

    static func isBlank(_ text: String) -> Bool { text.unicodeScalars.allSatisfy { blanks.contains($0.value) } }

    static func isOneLine(_ text: String) -> Bool { !text.unicodeScalars.contains { lineBreaks.contains($0.value) } }

    /// Python's and Unicode's white space: what `\s` matches in the validators that read the document.
    private static let blanks: Set<UInt32> = [
        0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
        0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
    ]
    private static let lineBreaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
