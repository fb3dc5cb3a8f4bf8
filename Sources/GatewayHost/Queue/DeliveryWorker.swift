import Logging
import ServiceLifecycle
import Synchronization

/// Claims jobs and delivers up to `concurrency` at once. On graceful shutdown it stops claiming, gives in-flight
/// sends `shutdownGrace` to finish, then cancels the rest (their plugin calls see the cancel flag) and hands their
/// jobs back, in doubt. A job it never reports on (the process died) comes back when its lease runs out.
package final class DeliveryWorker: Service {
    private let queue: any JobQueue
    private let delivery: JobDelivery
    private let settings: DeliverySettings
    private let signal: WorkSignal
    private let outcomes: OutcomeRecorder
    private let logger: Logger
    private let running = Mutex(0)
    private let stopping = Atomic(false)

    /// Most jobs taken in one claim.
    static let claimBatch = 64

    init(queue: any JobQueue, delivery: JobDelivery, settings: DeliverySettings, signal: WorkSignal, logger: Logger) {
        self.queue = queue
        self.delivery = delivery
        self.settings = settings
        self.signal = signal
        outcomes = OutcomeRecorder(queue: queue)
        self.logger = logger
    }

    package func run() async {
        logger.info("workers started", metadata: ["queue.backend": "\(queue.backendName)", "workers.concurrency": "\(settings.concurrency)"])
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.tick() }
                for await _ in signal.wakeUps {
                    guard !stopping.load(ordering: .relaxed), !Task.isCancelled else { break }
                    await claimWhileFree(into: &group)
                }
                await drain()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
            self.signal.finish()
        }
        logger.info("workers stopped")
    }

    /// Fills free slots until the queue has nothing ready. Slots are refilled a batch at a time (a quarter of the
    /// concurrency), so a busy worker claims many jobs per round trip rather than one per finished job.
    private func claimWhileFree(into group: inout DiscardingTaskGroup) async {
        let refill = max(1, min(Self.claimBatch, settings.concurrency / 4))
        while !stopping.load(ordering: .relaxed) {
            let free = settings.concurrency - running.withLock { $0 }
            guard free >= refill else { return }
            let limit = min(free, Self.claimBatch)
            let claimed: [ClaimedJob]
            do {
                claimed = try await queue.claim(limit: limit, lease: settings.lease)
            } catch {
                logger.error("cannot claim jobs", metadata: ["queue.backend": "\(queue.backendName)", "error.message": "\(error)"])
                return
            }
            running.withLock { $0 += claimed.count }
            for job in claimed {
                group.addTask { await self.process(job) }
            }
            if claimed.count < limit { return }
        }
    }

    private func process(_ claimed: ClaimedJob) async {
        var outcome = await delivery.deliver(claimed)
        if Task.isCancelled, outcome.finalStatus != .sent {
            outcome = .release(after: .zero, inDoubt: true)  // shutdown cut the call short: another worker takes it
        }
        do {
            if try await !outcomes.record(claimed, outcome) {
                logger.warning("job lease lost before its outcome was recorded", metadata: ["message.id": "\(claimed.job.id)"])
            }
        } catch {
            logger.error("cannot record a job's outcome; it is delivered again when its lease runs out", metadata: ["message.id": "\(claimed.job.id)", "error.message": "\(error)"])
        }
        running.withLock { $0 -= 1 }
        signal.notify()
    }

    /// Wakes the loop every poll interval, for jobs other processes queued and delayed jobs coming due.
    private func tick() async {
        while !stopping.load(ordering: .relaxed), (try? await Task.sleep(for: settings.pollInterval)) != nil {
            signal.notify()
        }
    }

    /// Waits for in-flight jobs up to the grace period; whatever is left is cancelled by the caller.
    private func drain() async {
        let deadline = ContinuousClock.now + settings.shutdownGrace
        var inFlight = running.withLock { $0 }
        if inFlight > 0 { logger.info("waiting for in-flight sends", metadata: ["workers.in_flight": "\(inFlight)"]) }
        while inFlight > 0, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
            inFlight = running.withLock { $0 }
        }
        if inFlight > 0 { logger.warning("grace period over: handing in-flight jobs back", metadata: ["workers.in_flight": "\(inFlight)"]) }
    }
}
