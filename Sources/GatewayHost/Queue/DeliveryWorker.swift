import Logging
import ServiceLifecycle
import Synchronization

/// Claims jobs and delivers up to `concurrency` at once. While a job is in flight its lease is renewed, so a slow
/// provider never lets another worker take it. On graceful shutdown it stops claiming, gives in-flight sends
/// `shutdownGrace` to finish, then cancels the rest (their plugin calls see the cancel flag) and hands their jobs back,
/// in doubt. A job it never reports on (the process died) comes back when its lease runs out.
package final class DeliveryWorker: Service {
    private let queue: any JobQueue
    private let delivery: JobDelivery
    private let settings: DeliverySettings
    private let signal: WorkSignal
    private let outcomes: OutcomeRecorder
    private let logger: Logger
    /// The jobs in flight, by id, with the lease each holds.
    private let inFlight = Mutex<[String: ClaimedJob]>([:])
    private let stopping = Atomic(false)

    /// Most jobs taken in one claim.
    static let claimBatch = 64

    init(queue: any JobQueue, delivery: JobDelivery, settings: DeliverySettings, signal: WorkSignal, logger: Logger) {
        self.queue = queue
        self.delivery = delivery
        self.settings = settings
        self.signal = signal
        outcomes = OutcomeRecorder(queue: queue, logger: logger)
        self.logger = logger
    }

    package func run() async {
        logger.info("workers started", metadata: ["queue.backend": "\(queue.backendName)", "workers.concurrency": "\(settings.concurrency)"])
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.tick() }
                group.addTask { await self.renewLeases() }
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

    private var running: Int { inFlight.withLock { $0.count } }

    /// Fills free slots until the queue has nothing ready. Slots are refilled a batch at a time (a quarter of the
    /// concurrency), so a busy worker claims many jobs per round trip rather than one per finished job.
    private func claimWhileFree(into group: inout DiscardingTaskGroup) async {
        let refill = max(1, min(Self.claimBatch, settings.concurrency / 4))
        while !stopping.load(ordering: .relaxed) {
            let free = settings.concurrency - running
            guard free >= refill else { return }
            let limit = min(free, Self.claimBatch)
            let claimed: [ClaimedJob]
            do {
                claimed = try await queue.claim(limit: limit, lease: settings.lease)
            } catch {
                logger.error("cannot claim jobs", metadata: ["queue.backend": "\(queue.backendName)", "error.message": "\(error)"])
                return
            }
            inFlight.withLock { jobs in for job in claimed { jobs[job.job.id] = job } }
            for job in claimed {
                group.addTask { await self.process(job) }
            }
            if claimed.count < limit { return }
        }
    }

    private func process(_ claimed: ClaimedJob) async {
        var outcome = await delivery.deliver(claimed)
        if Task.isCancelled, outcome.finalStatus != .sent {
            // Shutdown cut the call short: another worker takes it, once the provider has had time to finish it.
            outcome = .release(after: settings.sendTimeout, inDoubt: true)
        }
        switch await outcomes.record(claimed, outcome) {
        case false?:
            logger.warning("job lease lost before its outcome was recorded", metadata: ["message.id": "\(claimed.job.id)"])
        case nil:
            logger.warning("shutdown before a job's outcome was recorded; it comes back in doubt when its lease runs out", metadata: ["message.id": "\(claimed.job.id)"])
        case true?:
            break
        }
        inFlight.withLock { _ = $0.removeValue(forKey: claimed.job.id) }
        signal.notify()
    }

    /// Renews the leases of the jobs in flight every third of a lease, so a job is never taken from a worker that is
    /// still on it (a slow provider, a `find_sent` before the send, an outcome waiting for the store).
    private func renewLeases() async {
        let interval = settings.lease / 3
        while (try? await Task.sleep(for: interval)) != nil {
            let held = inFlight.withLock { Array($0.values) }
            guard !held.isEmpty else { continue }
            do {
                let kept = try await queue.renew(held, lease: settings.lease)
                for (job, renewed) in zip(held, kept) where !renewed {
                    logger.warning("a job's lease was lost while in flight", metadata: ["message.id": "\(job.job.id)"])
                }
            } catch {
                logger.warning("cannot renew leases", metadata: ["queue.backend": "\(queue.backendName)", "error.message": "\(error)"])
            }
        }
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
        var left = running
        if left > 0 { logger.info("waiting for in-flight sends", metadata: ["workers.in_flight": "\(left)"]) }
        while left > 0, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
            left = running
        }
        if left > 0 { logger.warning("grace period over: handing in-flight jobs back", metadata: ["workers.in_flight": "\(left)"]) }
    }
}
