/// Wakes an idle worker: when this process queues a job, when a job finishes (a slot is free), and on each poll tick
/// (jobs other processes queued). Wake-ups coalesce; the worker is the only listener.
package final class WorkSignal: Sendable {
    let wakeUps: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    package init() {
        (wakeUps, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    package func notify() {
        continuation.yield()
    }

    /// Ends the stream: the worker's loop stops.
    func finish() {
        continuation.finish()
    }
}
