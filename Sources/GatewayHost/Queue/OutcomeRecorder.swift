import Logging
import Synchronization

/// Records job outcomes in batches: outcomes that arrive while a write is in flight go out together in the next one
/// (one transaction or one Redis round trip), so a busy worker does not pay a round trip per message. Each caller
/// waits until its own outcome is stored. A write that fails (the store or Redis restarting) is tried again, with
/// backoff, until it succeeds: an outcome is never dropped, or a message already sent would be sent again when its
/// lease ran out. Only a caller whose task is cancelled (shutdown past its grace) stops waiting; its job then comes
/// back in doubt when its lease runs out.
final class OutcomeRecorder: Sendable {
    private struct Pending {
        let id: UInt64
        let claimed: ClaimedJob
        let outcome: JobOutcome
        let done: CheckedContinuation<Bool?, Never>
    }

    private struct State {
        var pending: [Pending] = []
        var writing = false
        var lastID: UInt64 = 0
        /// Callers that stopped waiting while their outcome was being written.
        var abandoned: Set<UInt64> = []
    }

    private let queue: any JobQueue
    private let logger: Logger
    private let state = Mutex(State())
    /// The wait before writing a failed batch again: doubling from the first to the last.
    static let retryWaits: (first: Duration, last: Duration) = (.milliseconds(100), .seconds(5))

    init(queue: any JobQueue, logger: Logger) {
        self.queue = queue
        self.logger = logger
    }

    /// Stores the outcome; false when the job's lease was lost, nil when the task was cancelled before it was stored.
    func record(_ claimed: ClaimedJob, _ outcome: JobOutcome) async -> Bool? {
        let id = state.withLock { state in
            state.lastID += 1
            return state.lastID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { done in
                let startsWriting = state.withLock { state in
                    state.pending.append(Pending(id: id, claimed: claimed, outcome: outcome, done: done))
                    guard !state.writing else { return false }
                    state.writing = true
                    return true
                }
                if startsWriting { Task { await self.writeAll() } }
            }
        } onCancel: {
            let abandoned = state.withLock { state -> Pending? in
                guard let index = state.pending.firstIndex(where: { $0.id == id }) else {
                    state.abandoned.insert(id)  // in the batch being written: settled when the write ends
                    return nil
                }
                return state.pending.remove(at: index)
            }
            abandoned?.done.resume(returning: nil)
        }
    }

    /// Writes batches until nothing is pending; a batch that fails is written again after a wait, with whatever
    /// arrived meanwhile.
    private func writeAll() async {
        var wait = Self.retryWaits.first
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
                state.withLock { $0.abandoned.subtract(batch.map(\.id)) }
                for (pending, kept) in zip(batch, stored) { pending.done.resume(returning: kept) }
                wait = Self.retryWaits.first
            } catch {
                logger.warning(
                    "cannot record job outcomes yet; trying again", metadata: ["queue.jobs": "\(batch.count)", "error.message": "\(error)", "retry.wait_ms": "\(wait.milliseconds)"]
                )
                let given = state.withLock { state -> [Pending] in
                    var given: [Pending] = []
                    var kept: [Pending] = []
                    for pending in batch {
                        if state.abandoned.remove(pending.id) != nil { given.append(pending) } else { kept.append(pending) }
                    }
                    state.pending.insert(contentsOf: kept, at: 0)
                    return given
                }
                for pending in given { pending.done.resume(returning: nil) }
                try? await Task.sleep(for: wait)
                wait = min(wait * 2, Self.retryWaits.last)
            }
        }
    }
}
