import Foundation

/// The host's writes to a provider process. A caller never blocks: a frame goes straight to the socket when the socket
/// takes it, and otherwise waits, in order, for the outbox's own thread to write it. A process that stops reading
/// cannot stall the host, only fill the outbox up to `limit`.
final class FrameOutbox: @unchecked Sendable {
    private let fd: Int32
    private let limit: Int
    private let condition = NSCondition()  // guards everything below
    private var queued: [UInt8] = []
    private var flushing = false
    private var closed = false
    /// Called on the outbox's thread once it stops, when nobody writes to the socket any more.
    private let onStop: @Sendable () -> Void

    init(fd: Int32, limit: Int = 64 << 20, onStop: @escaping @Sendable () -> Void) {
        self.fd = fd
        self.limit = limit
        self.onStop = onStop
        let thread = Thread { [self] in flushLoop() }
        thread.name = "provider-outbox"
        thread.start()
    }

    /// Queues a frame; false when the outbox is closed, or full because the process stopped reading.
    func send(_ frame: [UInt8]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        var rest = frame[...]
        if queued.isEmpty, !flushing {
            guard let written = ProviderSocket.writeSome(fd, rest) else { return false }
            rest = rest.dropFirst(written)
            if rest.isEmpty { return true }
        }
        guard queued.count + rest.count <= limit else { return false }
        queued += rest
        condition.signal()
        return true
    }

    /// Stops writing; the outbox's thread ends and calls `onStop`.
    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }

    private func flushLoop() {
        while true {
            condition.lock()
            while queued.isEmpty, !closed { condition.wait() }
            if closed {
                condition.unlock()
                break
            }
            let batch = queued
            queued = []
            flushing = true
            condition.unlock()
            let written = ProviderSocket.writeAll(fd, batch[...])
            condition.lock()
            flushing = false
            if !written { closed = true }
            condition.unlock()
        }
        onStop()
    }
}
