import Foundation
import Logging
import ServiceLifecycle

/// Hands due turns to agents. It claims turns whose debounce ran out (a row update, so two processes never take the
/// same turn), builds each turn's payload and queues it as an agent job keyed by the turn (so a flusher that died
/// after queueing does not queue it twice when the claim runs out), then closes the turn.
struct TurnFlusher: Service {
    let store: any TurnStore
    let turns: AgentTurnQueue
    let logger: Logger
    /// How often due turns are looked for: a turn goes out at most this long after its debounce.
    var interval: Duration = .milliseconds(100)

    /// How long a claimed turn stays this flusher's before another may take it.
    static let claimLease: TimeInterval = 30
    static let batch = 32

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    while try await flushDue() == Self.batch {}
                } catch {
                    logger.error("due turns not flushed", metadata: ["error.message": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    /// Queues the turns due now; returns how many were claimed.
    @discardableResult
    func flushDue(now: Date = Date()) async throws -> Int {
        let turns = try await store.claimDueTurns(now: now, lease: Self.claimLease, limit: Self.batch)
        for turn in turns {
            try await queueTurn(turn)
        }
        return turns.count
    }

    private func queueTurn(_ turn: OpenTurn) async throws {
        // A turn whose conversation is gone is simply closed.
        if try await self.turns.queue(turn) {
            logger.info(
                "turn queued for the agent",
                metadata: ["client.id": "\(turn.clientID)", "turn.id": "\(turn.id)", "turn.messages": "\(turn.sealedMessages.count)"])
        }
        try await store.closeTurn(clientID: turn.clientID, id: turn.id)
    }
}
