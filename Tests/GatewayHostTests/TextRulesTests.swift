import Foundation
import Testing

@testable import GatewayHost

/// The text rules the OpenAPI document states as patterns are the rules the server checks: each sample is judged the
/// same by the pattern (as a regular expression engine reads it) and by the Swift check.
@Suite struct TextRulesTests {
    private func matches(_ pattern: String, _ text: String) throws -> Bool {
        let expression = try NSRegularExpression(pattern: pattern)
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test func phonesAreEightToFifteenASCIIDigits() throws {
        let samples = [
            ("+55 11 99999-9999", true), ("(11) 9999.9999", true), ("1234567", false), ("1234567890123456", false),
            ("+55 11 9999x9999", false), ("٥٥١١٩٩٩٩٩٩٩٩٩", false), ("５５１１９９９９９９９９", false), ("", false),
        ]
        for (text, expected) in samples {
            #expect(TextRules.isPhone(text) == expected, "\(text)")
            #expect(try matches(TextRules.phonePattern, text) == expected, "\(text)")
        }
    }

    @Test func emailAddressesCannotBreakAHeader() throws {
        let samples = [
            ("ana@example.com", true), ("ana@localhost", false), ("@example.com", false), ("a@b@example.com", false),
            ("ana @example.com", false), ("ana@example.com\r\nBcc: x@y.z", false), ("<ana@example.com>", false), ("ana;b@example.com", false),
        ]
        for (text, expected) in samples {
            #expect(TextRules.isEmail(text) == expected, "\(text)")
            #expect(try matches(TextRules.emailPattern, text) == expected, "\(text)")
        }
    }

    @Test func blanksLineBreaksAndURLs() throws {
        for (text, blank) in [(" \t\n", true), ("\u{85}\u{2028}\u{3000}", true), ("\u{1C}", true), (" a ", false), ("\u{200B}", false)] {
            #expect(TextRules.isBlank(text) == blank, "\(text.unicodeScalars.map(\.value))")
            #expect(try matches(TextRules.nonBlankPattern, text) == !blank, "\(text.unicodeScalars.map(\.value))")
        }
        for (text, oneLine) in [("Olá, Ana", true), ("a\nb", false), ("a\u{2028}b", false), ("a\rb", false)] {
            #expect(TextRules.isOneLine(text) == oneLine, "\(text)")
            #expect(try matches(TextRules.oneLinePattern, text) == oneLine, "\(text)")
        }
        for (text, url) in [("https://cdn.example.com/a.png?x=1", true), ("http://h", true), ("ftp://h/a", false), ("https://", false),
                            ("https://a b/c", false), ("https://user@host/", false)] {
            #expect(TextRules.isWebURL(text) == url, "\(text)")
            #expect(try matches(TextRules.webURLPattern, text) == url, "\(text)")
        }
        #expect(TextRules.length("e\u{301}") == 2, "lengths count code points, as JSON Schema does")
    }
}
