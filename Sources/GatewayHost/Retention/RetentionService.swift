import Foundation
import Logging
import ServiceLifecycle

/// Purges what the retention settings say is old: sent messages, dead letters, idempotency keys and the event log, and
/// message content a client kept past its retention, soon after start and then every `interval`. Every process may run
/// it; the deletes are idempotent.
struct RetentionService: Service {
    let queue: any JobQueue
    let outbound: any OutboundStore
    let events: any EventLog
    let settings: RetentionSettings
    let logger: Logger

    /// How long after start the first purge runs (start-up has enough to do).
    static let firstRunDelay: Duration = .seconds(60)

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            try await Task.sleep(for: Self.firstRunDelay)
            while !Task.isCancelled {
                await purgeOnce()
                try await Task.sleep(for: settings.interval)
            }
        }
    }

    /// One purge run; a failure is logged and waits for the next run.
    @discardableResult
    func purgeOnce() async -> PurgeCounts? {
        do {
            let expired = try await outbound.dropExpiredContent(now: Date())
            if expired > 0 { logger.info("retention purge", metadata: ["purged.message_content": "\(expired)"]) }
            let cutoffs = settings.cutoffs()
            var purged = try await queue.purge(cutoffs)
            purged.events = try await events.purgeEvents(before: cutoffs.eventsBefore)
            if purged != PurgeCounts() {
                logger.info(
                    "retention purge",
                    metadata: [
                        "purged.sent": "\(purged.sent)", "purged.dead": "\(purged.dead)", "purged.idempotency_keys": "\(purged.idempotencyKeys)",
                        "purged.events": "\(purged.events)",
                    ]
                )
            }
            return purged
        } catch {
            logger.warning("retention purge failed; it runs again later", metadata: ["error.message": "\(error)"])
            return nil
        }
    }
}
