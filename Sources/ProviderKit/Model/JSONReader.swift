/// Reads a JSON document (RFC 8259, a fragment too) straight from its bytes into a `JSONValue`, with no intermediate
/// Foundation objects: webhook bodies are parsed on every delivery. Refuses what `JSONDecoder` refuses (invalid UTF-8,
/// lone surrogates, control characters in strings, leading zeros, trailing bytes) and nesting deeper than `maxDepth`,
/// so a hostile body cannot exhaust the stack.
struct JSONReader {
    struct Malformed: Error, CustomStringConvertible {
        let offset: Int
        let reason: String
        var description: String { "not JSON at byte \(offset): \(reason)" }
    }

    /// Deeper than any provider's document; JSONSerialization stops at 512 as well.
    static let maxDepth = 512

    private let bytes: UnsafeRawBufferPointer
    private var at = 0
    private var depth = 0

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    static func read(_ bytes: UnsafeRawBufferPointer) throws(Malformed) -> JSONValue {
        var reader = JSONReader(bytes)
        let value = try reader.value()
        reader.skipSpace()
        guard reader.at == bytes.count else { throw reader.malformed("bytes after the document") }
        return value
    }

    private func malformed(_ reason: String) -> Malformed { Malformed(offset: at, reason: reason) }

    private var next: UInt8? { at < bytes.count ? bytes[at] : nil }

    private mutating func skipSpace() {
        while let byte = next, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { at += 1 }
    }

    private mutating func expect(_ literal: StaticString, _ value: JSONValue) throws(Malformed) -> JSONValue {
        let count = literal.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        guard at + count <= bytes.count, expected.indices.allSatisfy({ bytes[at + $0] == expected[$0] }) else { throw malformed("unknown literal") }
        at += count
        return value
    }

    private mutating func value() throws(Malformed) -> JSONValue {
        skipSpace()
        switch next {
        case UInt8(ascii: "{"):
            try enter()
            defer { depth -= 1 }
            return try object()
        case UInt8(ascii: "["):
            try enter()
            defer { depth -= 1 }
            return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case .some: return try number()
        case nil: throw malformed("the document ends where a value should be")
        }
    }

    /// Steps past an opening bracket, one level deeper; the caller steps back out.
    private mutating func enter() throws(Malformed) {
        depth += 1
        guard depth <= Self.maxDepth else { throw malformed("nested deeper than \(Self.maxDepth)") }
        at += 1
    }

    private mutating func object() throws(Malformed) -> JSONValue {
        var members: [String: JSONValue] = [:]
        skipSpace()
        if next == UInt8(ascii: "}") {
            at += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard next == UInt8(ascii: "\"") else { throw malformed("a member name must be a string") }
            let name = try string()
            skipSpace()
            guard next == UInt8(ascii: ":") else { throw malformed("a member name must be followed by a colon") }
            at += 1
            members[name] = try value()
            skipSpace()
            switch next {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "}"):
                at += 1
                return .object(members)
            default: throw malformed("members must be separated by commas")
            }
        }
    }

    private mutating func array() throws(Malformed) -> JSONValue {
        var elements: [JSONValue] = []
        skipSpace()
        if next == UInt8(ascii: "]") {
            at += 1
            return .array(elements)
        }
        while true {
            elements.append(try value())
            skipSpace()
            switch next {
            case UInt8(ascii: ","): at += 1
            case UInt8(ascii: "]"):
                at += 1
                return .array(elements)
            default: throw malformed("elements must be separated by commas")
            }
        }
    }

    /// A string; `at` is on its opening quote. Runs without escapes are taken whole.
    private mutating func string() throws(Malformed) -> String {
        at += 1
        var escaped: [UInt8]?  // the bytes so far, once an escape has been met
        var start = at
        while true {
            guard let byte = next else { throw malformed("the string never ends") }
            switch byte {
            case UInt8(ascii: "\""):
                let run = UnsafeRawBufferPointer(rebasing: bytes[start..<at])
                at += 1
                if var escaped {
                    escaped.append(contentsOf: run)
                    return try text(escaped)
                }
                return try text(run)
            case UInt8(ascii: "\\"):
                var buffer = escaped ?? []
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<at]))
                at += 1
                try escape(into: &buffer)
                escaped = buffer
                start = at
            case 0..<0x20:
                throw malformed("a control character in a string")
            default:
                at += 1
            }
        }
    }

    private func text(_ utf8: some Collection<UInt8>) throws(Malformed) -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw malformed("a string is not UTF-8") }
        return text
    }

    /// One escape, `at` just past its backslash, appended as UTF-8.
    private mutating func escape(into buffer: inout [UInt8]) throws(Malformed) {
        guard let byte = next else { throw malformed("the string never ends") }
        at += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hexQuad())
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                    throw malformed("a lone surrogate")
                }
                at += 2
                let low = UInt32(try hexQuad())
                guard (0xDC00..<0xE000).contains(low) else { throw malformed("a lone surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw malformed("a lone surrogate") }
            buffer.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw malformed("an unknown escape")
        }
    }

    private mutating func hexQuad() throws(Malformed) -> UInt16 {
        guard at + 4 <= bytes.count else { throw malformed("a \\u escape needs four hex digits") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[at]
            let digit: UInt8 =
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
                default: throw malformed("a \\u escape needs four hex digits")
                }
            value = value << 4 | UInt16(digit)
            at += 1
        }
        return value
    }

    /// A number by RFC 8259's grammar. As with `JSONDecoder`, a whole number that fits (`1.0`, `1e2`) is an integer,
    /// anything else a double.
    private mutating func number() throws(Malformed) -> JSONValue {
        let start = at
        if next == UInt8(ascii: "-") { at += 1 }
        guard let first = next, isDigit(first) else { throw malformed("not a value") }
        at += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        var whole = true
        if next == UInt8(ascii: ".") {
            at += 1
            try requireDigits()
            whole = false
        }
        if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            at += 1
            if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { at += 1 }
            try requireDigits()
            whole = false
        }
        let literal = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
        if whole, let integer = Int64(literal) { return .integer(integer) }
        guard let double = Double(literal), double.isFinite else { throw malformed("a number out of range") }
        return Int64(exactly: double).map(JSONValue.integer) ?? .number(double)
    }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private mutating func skipDigits() {
        while let byte = next, isDigit(byte) { at += 1 }
    }

    private mutating func requireDigits() throws(Malformed) {
        guard let byte = next, isDigit(byte) else { throw malformed("a digit must follow") }
        skipDigits()
    }
}
