import CHiredis

/// One Redis reply, copied out of hiredis's reply object.
package enum RedisReply: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case array([RedisReply])
    case null
    case status(String)
    case error(String)

    init(copying reply: UnsafeMutablePointer<redisReply>) {
        let value = reply.pointee
        switch value.type {
        case REDIS_REPLY_STRING: self = .string(Self.text(value))
        case REDIS_REPLY_STATUS: self = .status(Self.text(value))
        case REDIS_REPLY_ERROR: self = .error(Self.text(value))
        case REDIS_REPLY_INTEGER: self = .integer(value.integer)
        case REDIS_REPLY_ARRAY: self = .array((0..<value.elements).compactMap { value.element[$0].map(RedisReply.init(copying:)) })
        default: self = .null
        }
    }

    private static func text(_ reply: redisReply) -> String {
        guard let bytes = reply.str else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: reply.len), as: UTF8.self)
    }

    package var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var integer: Int64? {
        switch self {
        case .integer(let value): value
        case .string(let value): Int64(value)
        default: nil
        }
    }

    package var array: [RedisReply] {
        if case .array(let value) = self { return value }
        return []
    }

    /// A flat `[field, value, ...]` array (HGETALL) as a dictionary.
    package var fields: [String: String] {
        let items = array.compactMap(\.string)
        return Dictionary(stride(from: 0, to: items.count - 1, by: 2).map { (items[$0], items[$0 + 1]) }) { first, _ in first }
    }
}
