package import Foundation

/// A person a client talks to on one channel. `address` and `name` are vault ciphertexts; `addressIndex` is the blind
/// index of the normalised address (E.164 phone, lower-cased email) that finds the contact again.
package struct ContactRecord: Sendable, Equatable {
    package let id: String
    package let clientID: String
    package let channel: IntegrationType
    package let addressIndex: String
    package let indexKeyID: String
    package let address: String
    package let name: String?
    package let createdAt: Date
}

/// Where a conversation stands.
package enum ConversationStatus: String, Sendable, Codable, CaseIterable {
    case open, pending, closed

    /// What a message from the contact does to the status: a closed conversation reopens.
    var afterInbound: ConversationStatus { self == .closed ? .open : self }

    /// `afterInbound` as the SQL the inbound upsert sets the status with, so the row changes in the same statement (made
    /// once: every inbound message uses it).
    static let afterInboundSQL: String = {
        let moves = allCases.filter { $0.afterInbound != $0 }.map { "WHEN '\($0.rawValue)' THEN '\($0.afterInbound.rawValue)'" }
        return "CASE conversations.status \(moves.joined(separator: " ")) ELSE conversations.status END"
    }()
}

/// What the API and the agent know about a lead: a score, tags and free fields.
package struct Lead: Sendable, Equatable, Codable {
    package var score: Double?
    package var tags: [String]
    package var fields: [String: JSONValue]

    package init(score: Double? = nil, tags: [String] = [], fields: [String: JSONValue] = [:]) {
        self.score = score
        self.tags = tags
        self.fields = fields
    }

    /// The lead as events and agent turns carry it (a score absent is null).
    var json: JSONValue {
        ["score": score.map(JSONValue.number) ?? .null, "tags": .array(tags.map(JSONValue.string)), "fields": .object(fields)]
    }
}

/// One contact on one integration.
package struct ConversationRecord: Sendable, Equatable {
    package let id: String
    package let clientID: String
    package let integrationID: String
    package let contactID: String
    package let channel: IntegrationType
    package var status: ConversationStatus
    package var lead: Lead
    package let inboundCount: Int
    package let outboundCount: Int
    package let createdAt: Date
    package let updatedAt: Date
    package let lastMessageAt: Date?
    package let lastInboundAt: Date?
    package let lastOutboundAt: Date?
}

/// A message's metadata in a conversation: never its content (unless the client opted in, sealed).
package struct ConversationMessageRecord: Sendable, Equatable {
    package enum Direction: String, Sendable {
        case inbound = "in"
        case outbound = "out"
    }

    package let id: String
    package let conversationID: String
    package let direction: Direction
    package let providerMessageID: String?
    package let type: String
    package let status: String
    package let createdAt: Date
    package let sentAt: Date?
    package let deliveredAt: Date?
    package let readAt: Date?
    package let failedAt: Date?
    /// The content, sealed, for a client that stores content (until its retention ends).
    package var sealedContent: String?
}

/// One entry of a client's event log: what happened (a message received, a status changed, an agent-reported intent),
/// with facts but no message content.
package struct EventRecord: Sendable, Equatable {
    package let seq: Int64
    package let id: String
    package let clientID: String
    package let integrationID: String?
    package let conversationID: String?
    package let type: String
    package let data: [String: JSONValue]
    package let createdAt: Date
}
