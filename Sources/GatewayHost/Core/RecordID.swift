import Foundation

/// Ids of new rows: random (version 4) UUIDs in lower case, drawn straight from the system's generator (getrandom).
/// Foundation's `UUID()` opens /dev/urandom for each one, three times the cost, and a webhook delivery makes four.
enum RecordID {
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var bits = (generator.next() as UInt64, generator.next() as UInt64)
        withUnsafeMutableBytes(of: &bits) { bytes in
            bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
            bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        }
        return UUID(uuid: unsafeBitCast(bits, to: uuid_t.self)).uuidString.lowercased()
    }
}
