import CHiredis
import Foundation

/// One blocking hiredis connection. Only ever used on a pool thread (`RedisClient`), never on an event loop.
final class RedisConnection: PooledConnection {
    private let context: UnsafeMutablePointer<redisContext>
    private var failed = false

    /// After an I/O error, or when Redis closed the connection while it sat idle (a restart): the pool then opens a
    /// new one instead of failing the next command.
    var isBroken: Bool {
        if failed { return true }
        let socket = IdleSocket.state(context.pointee.fd)
        return socket.hasInput || socket.peerHungUp
    }

    /// How long connecting, and each read or write, may take.
    static let timeout = timeval(tv_sec: 5, tv_usec: 0)

    init(_ address: RedisAddress) throws(QueueError) {
        guard let context = redisConnectWithTimeout(address.host, Int32(address.port), Self.timeout) else {
            throw QueueError(.unavailable, "cannot allocate a Redis connection")
        }
        guard context.pointee.err == 0 else {
            let reason = Self.reason(context)
            redisFree(context)
            throw QueueError(.unavailable, "cannot connect to Redis at \(address.host):\(address.port): \(reason)")
        }
        self.context = context
        redisSetTimeout(context, Self.timeout)
        if let password = address.password {
            try check(command(address.username.map { ["AUTH", $0, password] } ?? ["AUTH", password]), doing: "authenticate")
        }
        if address.database != 0 { try check(command(["SELECT", String(address.database)]), doing: "select the database") }
    }

    deinit {
        redisFree(context)
    }

    /// Sends one command and waits for its reply. A reply of type error comes back as `.error`, not thrown.
    func command(_ arguments: [String]) throws(QueueError) -> RedisReply {
        try pipeline([arguments])[0]
    }

    /// Sends every command in one write, then reads their replies in order: one round trip for many commands.
    func pipeline(_ commands: [[String]]) throws(QueueError) -> [RedisReply] {
        for arguments in commands {
            let appended = Self.withArgv(arguments) { count, argv, lengths in redisAppendCommandArgv(context, count, argv, lengths) }
            guard appended == REDIS_OK else { throw broken("sending a command") }
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw broken("reading a reply") }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            replies.append(RedisReply(copying: reply))
            freeReplyObject(raw)
        }
        return replies
    }

    private func check(_ reply: RedisReply, doing action: String) throws(QueueError) {
        if case .error(let message) = reply {
            failed = true
            throw QueueError(.unavailable, "Redis refused to \(action): \(message.prefix(120))")
        }
    }

    /// An I/O error leaves hiredis's context unusable: the pool drops this connection.
    private func broken(_ action: String) -> QueueError {
        failed = true
        return QueueError(.unavailable, "Redis connection failed while \(action): \(Self.reason(context))")
    }

    private static func reason(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// Lays the arguments out as hiredis's argv: pointers and lengths, binary-safe.
    private static func withArgv<T>(_ arguments: [String], _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> T) -> T {
        let buffers = arguments.map { Array($0.utf8) }
        let lengths = buffers.map(\.count)
        let pointers = buffers.map { bytes -> UnsafeMutablePointer<CChar> in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
            bytes.withUnsafeBytes { source in
                if let base = source.baseAddress { UnsafeMutableRawPointer(copy).copyMemory(from: base, byteCount: source.count) }
            }
            return copy
        }
        defer { pointers.forEach { $0.deallocate() } }
        var argv: [UnsafePointer<CChar>?] = pointers.map { UnsafePointer($0) }
        return argv.withUnsafeMutableBufferPointer { argvBuffer in
            lengths.withUnsafeBufferPointer { lengthBuffer in body(Int32(arguments.count), argvBuffer.baseAddress!, lengthBuffer.baseAddress!) }
        }
    }
}
