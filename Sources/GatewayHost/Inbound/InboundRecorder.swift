import Synchronization

/// Group commit for webhook deliveries: deliveries that arrive while the writers are busy go out together in the next
/// write, a single transaction, so a burst of webhooks costs a few commits rather than one each. Up to `writers` writes
/// run at once (one per database connection). Every caller waits for its own delivery to be durable (or to fail, alone:
/// the store records the others again without it).
final class InboundRecorder: Sendable {
    private struct Pending {
        let delivery: InboundDelivery
        /// Where its writes fall in the order concurrent writes take their locks.
        let lockOrder: String
        let done: CheckedContinuation<Result<InboundOutcome, StoreError>, Never>
    }

    private let store: any InboundStore
    private let writers: Int
    private let state = Mutex<(pending: [Pending], writing: Int)>(([], 0))
    /// The most deliveries one transaction takes.
    static let maxBatch = 256

    init(store: any InboundStore, writers: Int) {
        self.store = store
        self.writers = max(1, writers)
    }

    func record(_ delivery: InboundDelivery) async throws(StoreError) -> InboundOutcome {
        let lockOrder = delivery.lockOrder
        let result = await withCheckedContinuation { done in
            let startsWriting = state.withLock { state in
                state.pending.append(Pending(delivery: delivery, lockOrder: lockOrder, done: done))
                guard state.writing < writers else { return false }
                state.writing += 1
                return true
            }
            if startsWriting { Task { await self.writeAll() } }
        }
        return try result.get()
    }

    /// Writes batches until nothing is pending.
    private func writeAll() async {
        while true {
            let batch = state.withLock { state in
                let batch = Array(state.pending.prefix(Self.maxBatch))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.writing -= 1 }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                // Concurrent writes take their rows' locks in one order (by integration and first dedup key), so two of
                // them never wait on each other in a cycle.
                let ordered = batch.sorted { $0.lockOrder < $1.lockOrder }
                let results = try await store.record(ordered.map(\.delivery))
                for (pending, result) in zip(ordered, results) { pending.done.resume(returning: result) }
            } catch {
                let failure = error as? StoreError ?? StoreError(.failed, "\(error)")
                for pending in batch { pending.done.resume(returning: .failure(failure)) }
            }
        }
    }
}

extension InboundDelivery {
    /// Where the delivery's writes fall in the order concurrent writes take their locks.
    fileprivate var lockOrder: String {
        integrationID + "/"
            + (events.first.map { event in
                if case .message(let message) = event.kind { return message.addressIndexes.first?.value ?? event.dedupKey }
                return event.dedupKey
            } ?? "")
    }
}
