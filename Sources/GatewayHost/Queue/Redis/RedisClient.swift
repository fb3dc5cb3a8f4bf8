/// Redis through hiredis: a few blocking connections on their own threads, so no call ever blocks an event loop or
/// the concurrency pool.
package final class RedisClient: Sendable {
    private let pool: BlockingConnectionPool<RedisConnection>

    /// Connects once now, so a wrong `REDIS_URL` fails at start.
    package init(address: RedisAddress, connections: Int) throws(QueueError) {
        pool = BlockingConnectionPool(threadCount: connections, first: try RedisConnection(address)) { try RedisConnection(address) }
    }

    package func command(_ arguments: String...) async throws -> RedisReply {
        try await command(arguments)
    }

    package func command(_ arguments: [String]) async throws -> RedisReply {
        try await pipeline([arguments])[0]
    }

    /// Many commands in one round trip; replies in order.
    package func pipeline(_ commands: [[String]]) async throws -> [RedisReply] {
        guard !commands.isEmpty else { return [] }
        return try await pool.withConnection { connection in try connection.pipeline(commands) }
    }

    /// Runs each script call (in one round trip); a Redis that does not know a script yet (`NOSCRIPT`: restarted,
    /// flushed, or new) gets its text once.
    package func run(_ calls: [(script: RedisScript, arguments: [String])]) async throws -> [RedisReply] {
        guard !calls.isEmpty else { return [] }
        return try await pool.withConnection { connection in
            var replies = try connection.pipeline(calls.map { $0.script.evalSHA($0.arguments) })
            for (index, reply) in replies.enumerated() {
                if case .error(let message) = reply, message.hasPrefix("NOSCRIPT") {
                    replies[index] = try connection.command(calls[index].script.eval(calls[index].arguments))
                }
            }
            return replies
        }
    }

    package func run(_ script: RedisScript, _ arguments: String...) async throws -> RedisReply {
        try await run([(script, arguments)])[0]
    }

    package func close() async throws {
        try await pool.close()
    }
}
