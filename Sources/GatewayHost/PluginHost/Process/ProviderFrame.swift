import Foundation

/// The framing between the host and a provider process: a little-endian `UInt32` length, then that many bytes of
/// frame: a kind byte and its fields. Integers are little-endian; byte strings carry a `UInt32` length. JSON passes
/// through as bytes, never parsed on the way.
enum ProviderFrame {
    /// The most a provider process may send in one frame: the largest output plus room for the rest of a result.
    static func maxChildFrame(maxOutputBytes: Int) -> Int { maxOutputBytes + 64 << 10 }
    /// The most the host sends in one frame (a webhook body or a send's input is far smaller).
    static let maxHostFrame = 64 << 20

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }
}

/// Builds one frame.
struct FrameWriter {
    private(set) var bytes: [UInt8]

    init(kind: UInt8, capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity + 5)
        bytes += [0, 0, 0, 0, kind]
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func i32(_ value: Int32) { u32(UInt32(bitPattern: value)) }
    mutating func bool(_ value: Bool) { u8(value ? 1 : 0) }

    mutating func data(_ value: Data) {
        u32(UInt32(clamping: value.count))
        bytes += value
    }

    mutating func string(_ value: String) {
        u32(UInt32(clamping: value.utf8.count))
        bytes += value.utf8
    }

    /// The frame with its length in front.
    func finished() -> [UInt8] {
        var frame = bytes
        let length = UInt32(frame.count - 4).littleEndian
        withUnsafeBytes(of: length) { frame.replaceSubrange(0..<4, with: $0) }
        return frame
    }
}

/// Reads the fields of one frame; running past its end is a malformed frame.
struct FrameReader {
    let kind: UInt8
    private let payload: [UInt8]
    private var position: Int

    init(frame: [UInt8]) throws(ProviderFrame.Malformed) {
        guard let kind = frame.first else { throw ProviderFrame.Malformed(description: "an empty frame") }
        self.kind = kind
        payload = frame
        position = 1
    }

    private mutating func take(_ count: Int) throws(ProviderFrame.Malformed) -> ArraySlice<UInt8> {
        guard count >= 0, payload.count - position >= count else { throw ProviderFrame.Malformed(description: "a frame of kind \(kind) ends early") }
        defer { position += count }
        return payload[position..<position + count]
    }

    private mutating func integer<T: FixedWidthInteger>(_: T.Type) throws(ProviderFrame.Malformed) -> T {
        let bytes = try take(MemoryLayout<T>.size)
        return bytes.reversed().reduce(T.zero) { $0 << 8 | T($1) }
    }

    mutating func u8() throws(ProviderFrame.Malformed) -> UInt8 { try integer(UInt8.self) }
    mutating func u16() throws(ProviderFrame.Malformed) -> UInt16 { try integer(UInt16.self) }
    mutating func u32() throws(ProviderFrame.Malformed) -> UInt32 { try integer(UInt32.self) }
    mutating func u64() throws(ProviderFrame.Malformed) -> UInt64 { try integer(UInt64.self) }
    mutating func i32() throws(ProviderFrame.Malformed) -> Int32 { Int32(bitPattern: try u32()) }
    mutating func bool() throws(ProviderFrame.Malformed) -> Bool { try u8() != 0 }
    mutating func data() throws(ProviderFrame.Malformed) -> Data { Data(try take(Int(try u32()))) }
    mutating func string() throws(ProviderFrame.Malformed) -> String { String(decoding: try take(Int(try u32())), as: UTF8.self) }
}

/// Collects bytes read from a socket and cuts them into frames.
struct FrameBuffer {
    private var bytes: [UInt8] = []
    private var start = 0
    let maxFrame: Int

    init(maxFrame: Int) {
        self.maxFrame = maxFrame
    }

    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        if start > 0, start == bytes.count {
            bytes.removeAll(keepingCapacity: true)
            start = 0
        }
        bytes += chunk
    }

    /// The next whole frame (kind byte first), nil until one has arrived; a frame over the limit is malformed.
    mutating func next() throws(ProviderFrame.Malformed) -> [UInt8]? {
        guard bytes.count - start >= 4 else { return nil }
        let length = Int(bytes[start..<start + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard length >= 1, length <= maxFrame else { throw ProviderFrame.Malformed(description: "a frame of \(length) bytes (the limit is \(maxFrame))") }
        guard bytes.count - start - 4 >= length else { return nil }
        let frame = Array(bytes[start + 4..<start + 4 + length])
        start += 4 + length
        if start > 1 << 20 {
            bytes.removeSubrange(0..<start)
            start = 0
        }
        return frame
    }
}
