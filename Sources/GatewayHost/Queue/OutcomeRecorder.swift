import Synchronization

/// Records job outcomes in batches: outcomes that arrive while a write is in flight go out together in the next one
/// (one transaction or one Redis round trip), so a busy worker does not pay a round trip per message. Each caller
/// still waits until its own outcome is stored.
final class OutcomeRecorder: Sendable {
    private typealias Pending = (claimed: ClaimedJob, outcome: JobOutcome, done: CheckedContinuation<Bool, any Error>)

    private struct State {
        var pending: [Pending] = []
        var writing = false
    }

    private let queue: any JobQueue
    private let state = Mutex(State())

    init(queue: any JobQueue) {
        self.queue = queue
    }

    /// Stores the outcome; false when the job's lease was lost.
    func record(_ claimed: ClaimedJob, _ outcome: JobOutcome) async throws -> Bool {
        try await withCheckedThrowingContinuation { done in
            let startsWriting = state.withLock { state in
                state.pending.append((claimed, outcome, done))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if startsWriting { Task { await self.writeAll() } }
        }
    }

    /// Writes batches until nothing is pending.
    private func writeAll() async {
        while true {
            let batch = state.withLock { state in
                let batch = state.pending
                state.pending = []
                if batch.isEmpty { state.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let stored = try await queue.finish(batch.map { ($0.claimed, $0.outcome) })
                for (pending, kept) in zip(batch, stored) { pending.done.resume(returning: kept) }
            } catch {
                for pending in batch { pending.done.resume(throwing: error) }
            }
        }
    }
}
