package import Foundation

/// The open turns the flusher hands to agents: claimed with a lease when due, closed once queued.
package protocol TurnStore: Sendable {
    func claimDueTurns(now: Date, lease: TimeInterval, limit: Int) async throws -> [OpenTurn]
    func closeTurn(clientID: String, id: String) async throws
}
