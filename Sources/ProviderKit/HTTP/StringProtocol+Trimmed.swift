extension StringProtocol {
    /// Without leading and trailing spaces, tabs, CR and LF. Header lines are ASCII; Foundation's
    /// `trimmingCharacters(in:)` bridges through NSString and showed up in every send's profile.
    var trimmedHeaderWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
