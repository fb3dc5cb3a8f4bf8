import Foundation

/// Ids of new rows: version 7 UUIDs in lower case (RFC 9562): the millisecond they were made, then 74 random bits
/// drawn straight from the system's generator (getrandom). Ids made one after another sort together, so a table's id
/// index takes each new row on its last pages rather than on a random page of a large index. Foundation's `UUID()`
/// (version 4, random throughout) also opens /dev/urandom for each one.
enum RecordID {
    static func make(at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(clamping: date.millisecondsSince1970)
        let high = milliseconds << 16 | 0x7000 | generator.next() & 0x0FFF  // the time, version 7, 12 random bits
        let low = generator.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // RFC 9562 variant, 62 random bits
        return UUID(uuid: unsafeBitCast((high.bigEndian, low.bigEndian), to: uuid_t.self)).uuidString.lowercased()
    }
}
