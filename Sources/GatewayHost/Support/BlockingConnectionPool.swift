import NIOPosix
import Synchronization

/// A connection of a blocking C client that the pool can tell is no longer usable.
package protocol PooledConnection: AnyObject, SendableMetatype {
    /// True after an error that leaves the connection unusable; the pool then drops it and opens a new one.
    var isBroken: Bool { get }
}

/// Connections of a blocking C client (libpq, SQLite, hiredis) and the threads that use them: every call runs on the
/// pool's own threads (one per connection), never on an event loop or the concurrency pool.
package final class BlockingConnectionPool<Connection: PooledConnection>: Sendable {
    private let threads: NIOThreadPool
    private let idle: Mutex<[ConnectionBox<Connection>]>
    private let connect: @Sendable () throws -> Connection

    /// `first` is opened by the caller so a wrong address fails at start; the rest are opened as needed.
    package init(threadCount: Int, first: Connection, connect: @escaping @Sendable () throws -> Connection) {
        self.connect = connect
        idle = Mutex([ConnectionBox(connection: first)])
        threads = NIOThreadPool(numberOfThreads: threadCount)
        threads.start()
    }

    /// Runs `body` with a connection on a pool thread.
    @discardableResult
    package func withConnection<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await threads.runIfActive { [self] in
            // A connection that broke while it sat idle (its server restarted) is dropped here, before it fails a call.
            let box =
                try idle.withLock { idle in
                    while let candidate = idle.popLast() {
                        if !candidate.connection.isBroken { return candidate }
                    }
                    return nil
                } ?? ConnectionBox(connection: connect())
            defer { if !box.connection.isBroken { idle.withLock { $0.append(box) } } }
            return try body(box.connection)
        }
    }

    /// Stops the threads once running calls finish.
    package func close() async throws {
        try await threads.shutdownGracefully()
    }
}

/// A connection parked between calls; only one thread uses it at a time.
private struct ConnectionBox<Connection>: @unchecked Sendable {
    let connection: Connection
}
