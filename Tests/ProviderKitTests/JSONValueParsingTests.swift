import Foundation
import ProviderKit
import Testing

/// `JSONValue(json:)` must read every document as `JSONDecoder` does: plugins use it for speed, not for other answers.
@Suite struct JSONValueParsingTests {
    static let documents = [
        #"{"a":true,"b":false,"c":null,"d":"x","e":[1,"2",[3.5]],"f":{"g":{}}}"#,
        "[0,1,-1,127,255,256,-129,1e2,1.0,1.5e1,0.1,-0.0,-2.5,1e300]",
        "[9223372036854775807,-9223372036854775808,9223372036854775808,12345678901234567890,123456789012345678]",
        #"["é😀","\u00e9\ud83d\ude00","a\"b\\c\n\t","",[],{}]"#,
        "true", "12", "\"fragment\"", "null",
    ]

    static var samples: [URL] {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/providers")
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return files.filter { $0.pathExtension == "json" }
    }

    @Test(arguments: documents) func testReadsADocumentAsJSONDecoderDoes(_ document: String) throws {
        let data = Data(document.utf8)
        #expect(try JSONValue(json: data) == JSONDecoder().decode(JSONValue.self, from: data))
    }

    @Test func testReadsEveryProviderSampleAsJSONDecoderDoes() throws {
        let samples = Self.samples
        #expect(samples.count >= 2)
        for sample in samples {
            let data = try Data(contentsOf: sample)
            #expect(try JSONValue(json: data) == JSONDecoder().decode(JSONValue.self, from: data), "\(sample.lastPathComponent)")
        }
    }

    @Test(arguments: ["", "{", "[01]", "{\"a\" 1}", "nul", "\"unterminated", "[1]x", "[NaN]", "{a:1}", "[\"\\ud800\"]"])
    func testRefusesWhatIsNotJSON(_ text: String) {
        #expect(throws: (any Error).self) { try JSONValue(json: Data(text.utf8)) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
    }

    /// The one difference: of a repeated key, the last value is kept (`JSONDecoder` keeps the first).
    @Test func testKeepsTheLastOfARepeatedKey() throws {
        #expect(try JSONValue(json: Data(#"{"a":1,"a":2}"#.utf8)) == .object(["a": .integer(2)]))
    }
}

/// What `JSONReader` adds to JSONDecoder's refusals: a bound on nesting, so a hostile body cannot exhaust the stack.
@Suite struct JSONReaderLimitTests {
    @Test func testRefusesNestingDeeperThanTheLimitAndReadsItAtTheLimit() throws {
        let limit = 512
        let atLimit = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(try JSONValue(json: Data(atLimit.utf8)) != .null)
        let hostile = String(repeating: "[", count: 1 << 20) + String(repeating: "]", count: 1 << 20)
        #expect(throws: (any Error).self) { try JSONValue(json: Data(hostile.utf8)) }
        let objects = String(repeating: #"{"a":"#, count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        #expect(throws: (any Error).self) { try JSONValue(json: Data(objects.utf8)) }
    }

    @Test(arguments: ["[\"\\u00\"]", "[\"\\x\"]", "[\"a\u{01}\"]", "[1.]", "[1e]", "[-]", "[1e999]", "[tru]", "[\"\\udc00\"]", "[\"\\ud800\\u0041\"]"])
    func testRefusesMalformedPieces(_ text: String) {
        #expect(throws: (any Error).self) { try JSONValue(json: Data(text.utf8)) }
    }

    @Test func testRefusesInvalidUTF8() {
        #expect(throws: (any Error).self) { try JSONValue(json: Data([0x22, 0xC3, 0x28, 0x22])) }
    }
}
