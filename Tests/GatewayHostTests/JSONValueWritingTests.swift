import Foundation
@testable import GatewayHost
import Testing

/// `jsonText` must write the bytes `JSONEncoder` writes (sorted keys, slashes as they are): stored JSON keeps its form
/// whichever of the two wrote it.
@Suite struct JSONValueWritingTests {
    private static func encoderText(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static let values: [JSONValue] = [
        .object([
            "b": .integer(1), "B": .integer(2), "a10": .integer(3), "a9": .integer(4), "_x": .integer(5), "Z": .integer(6), "é": .integer(7),
            "e": .integer(8), "a": .object(["nested": .array([.null, .bool(true), .bool(false)])]), "": .object([:]),
        ]),
        .array([0, 1, -1, Int64.max, Int64.min].map(JSONValue.integer)),
        .array([1.5, 100.0, 1e-7, 1e21, 1e300, -0.0, 0.1, 123456789.125, 5e-324, 1.7976931348623157e308, 1e16, 1e15, -2.5].map(JSONValue.number)),
        .string(String(decoding: (0..<0x20).map { UInt8($0) } + Array(#"\"/"#.utf8) + [0x7F], as: UTF8.self)),
        .string("é😀\u{2028}\u{FEFF}ação"),
        .object([
            "url": .string("https://example.com/a?b=c&d=e"), "empty": .string(""), "list": .array([]), "object": .object([:]),
        ]),
        .null, .bool(true), .integer(12), .string("fragment"),
    ]

    @Test(arguments: values) func testWritesWhatJSONEncoderWrites(_ value: JSONValue) throws {
        #expect(value.jsonText == (try Self.encoderText(value)))
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(value.jsonText.utf8)) == value.parsedAgain, "reads back as the same value")
    }

    @Test func testWritesEveryProviderSampleAsJSONEncoderDoes() throws {
        let directory = TestPaths.repository.deletingLastPathComponent().appendingPathComponent("shared/providers")
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        let samples = files.filter { $0.pathExtension == "json" }
        #expect(samples.count >= 2)
        for sample in samples {
            let value = try JSONDecoder().decode(JSONValue.self, from: try Data(contentsOf: sample))
            #expect(value.jsonText == (try Self.encoderText(value)), "\(sample.lastPathComponent)")
        }
    }

    /// JSON has no infinity or NaN: such a number is written as null (`JSONEncoder` refuses the whole value).
    @Test func testWritesANumberJSONCannotHoldAsNull() {
        #expect(JSONValue.array([.number(.infinity), .number(-.infinity), .number(.nan), .integer(1)]).jsonText == "[null,null,null,1]")
    }
}

extension JSONValue {
    /// What reading this value's JSON gives: a whole double reads back as an integer, as with `JSONDecoder`.
    fileprivate var parsedAgain: JSONValue {
        switch self {
        case .number(let value): Int64(exactly: value).map(JSONValue.integer) ?? self
        case .array(let items): .array(items.map(\.parsedAgain))
        case .object(let members): .object(members.mapValues(\.parsedAgain))
        default: self
        }
    }
}
