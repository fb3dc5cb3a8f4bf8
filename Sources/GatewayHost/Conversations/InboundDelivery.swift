package import Foundation

/// What one webhook delivery asks the store to record, in one transaction: its events, each claimed once by its
/// dedup key. Addresses, names and turn entries arrive sealed and indexed; the store sees no clear content.
package struct InboundDelivery: Sendable {
    package let clientID: String
    package let integrationID: String
    package let channel: IntegrationType
    package let events: [InboundEvent]
    /// The client's debounce settings when it has an agent endpoint: received messages then join an open turn.
    package let turns: TurnSettings?
    package let at: Date
}

/// One normalised event of a delivery.
package struct InboundEvent: Sendable {
    package enum Kind: Sendable {
        case message(InboundMessage)
        /// A delivery receipt for one of our outbound messages.
        /// A receipt for an outbound message, found by the provider's id for it or by the gateway's own (at least one).
        case status(providerMessageID: String?, messageID: String?, status: DeliveryStatus)
        /// The integration's connection changed (`connected` / `disconnected`).
        case connection(state: String)
        /// Recorded in the log, nothing else changes.
        case other
    }

    package let id: String
    /// Unique per integration: `<type>:<provider message id>[:<status>]`, or a hash of the body when there is no id.
    package let dedupKey: String
    package let type: String
    /// Facts for the event log, never content: JSON text, encoded before the write so the writer does not.
    package let dataJSON: String
    package let kind: Kind
}

/// A received message: who sent it (sealed, with its blind indexes under every key, current first) and its metadata.
package struct InboundMessage: Sendable {
    package let messageID: String
    package let providerMessageID: String?
    package let type: String
    package let addressIndexes: [Vault.BlindIndex]
    package let sealedAddress: String
    package let sealedName: String?
    /// The message as the agent will get it, sealed: held in the open turn until the turn is delivered. Nil when the
    /// client has no agent (there is no turn to join).
    package let sealedTurnEntry: String?
    /// The content, sealed, when the client stores content.
    package let sealedContent: String?
    package let contentExpiresAt: Date?
}

/// A delivery receipt's status. A message's status never goes back.
package enum DeliveryStatus: String, Sendable, CaseIterable, Codable {
    case sent, delivered, read, failed

    /// The statuses this one may replace: later ones stay (a late `delivered` does not undo `read`).
    var replaces: [String] {
        switch self {
        case .sent: ["queued", "sending"]
        case .delivered: ["queued", "sending", "sent"]
        case .read: ["queued", "sending", "sent", "delivered"]
        case .failed: ["queued", "sending", "sent"]
        }
    }

    /// The column that records when the message reached this status.
    var timeColumn: String {
        switch self {
        case .sent: "sent_at"
        case .delivered: "delivered_at"
        case .read: "read_at"
        case .failed: "failed_at"
        }
    }
}

/// How inbound messages become agent turns (per client, `PUT /api/agent`).
package struct TurnSettings: Sendable, Equatable {
    package var debounceMs: Int
    package var maxWaitMs: Int
    package var maxMessages: Int
    package var storeContent: Bool
    package var contentRetentionDays: Int

    package static let `default` = TurnSettings(debounceMs: 2_000, maxWaitMs: 10_000, maxMessages: 20, storeContent: false, contentRetentionDays: 30)

    /// When a turn is handed to the agent after a message at `at` made it `count` messages, the first at `firstAt`:
    /// `debounce` after this message, but no later than `max_wait` after the first, and at once when it holds
    /// `max_messages`.
    func flushTime(count: Int, firstAt: Date, at: Date) -> Date {
        guard count < maxMessages else { return at }
        return min(at.addingTimeInterval(Double(debounceMs) / 1000), firstAt.addingTimeInterval(Double(maxWaitMs) / 1000))
    }
}

/// What recording a delivery did.
package struct InboundOutcome: Sendable {
    /// Events recorded for the first time (the others were duplicates).
    package let recorded: [String]
    package let duplicates: Int
}
