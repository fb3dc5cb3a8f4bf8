import Foundation

/// Conversations, contacts and the event log for one client at a time: what the REST routes and the agent tools read
/// and change. Another client's ids are simply not found.
final class ConversationService: Sendable {
    let store: any ConversationStore
    let events: any EventLog
    let vault: Vault
    let limits: RequestLimits
    /// Stamps changes and reported events.
    let clock: WallClock

    /// Most rows one list answers.
    static let maxListed = 200
    /// Largest `data` an agent may report with an event.
    static let maxEventData = 16 * 1024
    /// How deeply event data and lead fields may nest.
    static let maxNesting = 8
    /// The largest lead score, either sign: beyond it a double no longer holds every whole number.
    static let maxScore = 1e15
    /// Keys of event data the host writes (a trigger's chain); a client reporting them could stop or extend a chain.
    static let reservedEventKeys: Set = ["trigger_id", "trigger_depth"]
    /// Event types the gateway itself records; agents report others.
    static let gatewayEventTypes: Set = [
        "message_received", "message_status", "connection", "conversation_status_changed", AgentTurnQueue.queuedEvent,
    ]

    init(store: any ConversationStore, events: any EventLog, vault: Vault, limits: RequestLimits, clock: WallClock) {
        self.clock = clock
        self.store = store
        self.events = events
        self.vault = vault
        self.limits = limits
    }

    struct Page: Sendable {
        let conversations: [ConversationRecord]
        let nextCursor: String?
    }

    func list(clientID: String, status: String?, channel: String?, since: String?, tag: String?, cursor: String?, limit: Int?) async throws -> Page {
        var filter = ConversationFilter()
        if let status {
            guard let parsed = ConversationStatus(rawValue: status) else {
                throw Self.invalid("status must be open, pending or closed", field: "status")
            }
            filter.status = parsed
        }
        filter.channel = channel
        if let since { filter.updatedSince = try Self.date(since, field: "since") }
        filter.tag = tag
        if let cursor { filter.before = try Self.cursor(cursor) }
        let count = try Self.limit(limit)
        let rows = try await store.conversations(clientID: clientID, filter: filter, limit: count)
        let next = rows.count == count ? rows.last.map { Self.cursorText($0) } : nil
        return Page(conversations: rows, nextCursor: next)
    }

    func conversation(clientID: String, id: String) async throws -> ConversationRecord {
        guard let record = try await store.conversation(clientID: clientID, id: id) else { throw Self.notFound("conversation") }
        return record
    }

    /// Changes status and lead; a lead's `fields` merge into the stored ones (a null removes a field), `score` and
    /// `tags` replace theirs. `cause` joins the logged events' data (a trigger's change says which and how deep).
    func update(clientID: String, id: String, _ change: ConversationChange, cause: [String: JSONValue] = [:]) async throws -> ConversationRecord {
        var lead: Lead?
        if let leadChange = change.lead {
            var merged = try await conversation(clientID: clientID, id: id).lead
            if let score = leadChange.score {
                guard score.isFinite, abs(score) <= Self.maxScore else {
                    throw Self.invalid("lead.score must be a number from -1e15 to 1e15", field: "lead.score")
                }
                merged.score = score
            }
            if let tags = leadChange.tags {
                guard tags.count <= 50, tags.allSatisfy({ (1...64).contains(TextRules.length($0)) }) else {
                    throw Self.invalid("lead.tags takes at most 50 tags of 1 to 64 characters", field: "lead.tags")
                }
                merged.tags = Array(Set(tags)).sorted()
            }
            for (key, value) in leadChange.fields ?? [:] { merged.fields[key] = value == .null ? nil : value }
            guard IntegrationRecord.configText(merged.fields).utf8.count <= Self.maxEventData else {
                throw Self.invalid("lead.fields may hold at most 16 KiB", field: "lead.fields")
            }
            guard JSONValue.object(merged.fields).nesting <= Self.maxNesting else {
                throw Self.invalid("lead.fields may nest at most \(Self.maxNesting) deep", field: "lead.fields")
            }
            lead = merged
        }
        guard
            let updated = try await store.updateConversation(
                clientID: clientID, id: id, ConversationUpdate(status: change.status, lead: lead, cause: cause), at: clock.now)
        else {
            throw Self.notFound("conversation")
        }
        return updated
    }

    /// A conversation's messages, newest first, with their content opened where the client stores content.
    func messages(clientID: String, conversationID: String, limit: Int?) async throws -> [ConversationMessageView] {
        _ = try await conversation(clientID: clientID, id: conversationID)
        return try await store.conversationMessages(clientID: clientID, conversationID: conversationID, limit: try Self.limit(limit)).map { record in
            ConversationMessageView(record, content: ContactSealing.open(record.sealedContent, "content", clientID: clientID, vault: vault))
        }
    }

    func contact(clientID: String, id: String) async throws -> ContactView {
        guard let record = try await store.contact(clientID: clientID, id: id) else { throw Self.notFound("contact") }
        let address = ContactSealing.open(record.address, "address", clientID: clientID, vault: vault)
        let isEmail = record.channel == .email
        return ContactView(
            id: record.id, channel: record.channel.rawValue, phone: isEmail ? nil : address, email: isEmail ? address : nil,
            name: ContactSealing.open(record.name, "name", clientID: clientID, vault: vault), created_at: record.createdAt.formatted(.iso8601)
        )
    }

    /// Records an agent's event on a conversation, named by id or by the contact's phone.
    func report(clientID: String, _ report: EventReport) async throws -> EventRecord {
        guard report.type.wholeMatch(of: /[a-z][a-z0-9_]{0,63}/) != nil else {
            throw Self.invalid("type must be 1 to 64 lower-case letters, digits and '_', starting with a letter", field: "type")
        }
        guard !Self.gatewayEventTypes.contains(report.type) else {
            throw Self.invalid("'\(report.type)' events are recorded by the gateway itself", field: "type")
        }
        let data = report.data ?? [:]
        guard IntegrationRecord.configText(data).utf8.count <= Self.maxEventData else {
            throw Self.invalid("data may hold at most 16 KiB", field: "data")
        }
        guard JSONValue.object(data).nesting <= Self.maxNesting else {
            throw Self.invalid("data may nest at most \(Self.maxNesting) deep", field: "data")
        }
        if let reserved = data.keys.sorted().first(where: Self.reservedEventKeys.contains) {
            throw Self.invalid("data.\(reserved) is written by the gateway, not reported", field: "data.\(reserved)")
        }
        let conversationID: String
        if let id = report.conversation_id {
            conversationID = id
        } else if let phone = report.phone {
            guard let address = ContactAddress.normalized(phone, channel: .whatsapp) else {
                throw Self.invalid("phone must be a phone number with country code", field: "phone")
            }
            let indexes = vault.blindIndexes(address, purpose: ContactSealing.addressPurpose).map(\.value)
            guard let found = try await store.conversation(clientID: clientID, channel: .whatsapp, addressIndexes: indexes)
            else {
                throw Self.notFound("conversation with that phone")
            }
            conversationID = found.id
        } else {
            throw Self.invalid("conversation_id or phone is required", field: "conversation_id")
        }
        try await limits.admitEvent(clientID: clientID)
        guard let event = try await events.appendEvent(clientID: clientID, conversationID: conversationID, type: report.type, data: data, at: clock.now)
        else {
            throw Self.notFound("conversation")
        }
        return event
    }

    func events(
        clientID: String, type: String?, conversationID: String?, after: String?, limit: Int?, newestFirst: Bool = false
    ) async throws -> [EventRecord] {
        var filter = EventFilter()
        filter.type = type
        filter.conversationID = conversationID
        filter.newestFirst = newestFirst
        if let after {
            guard let value = Int64(after), value >= 0 else { throw Self.invalid("after must be an event's seq", field: "after") }
            filter.after = value
        }
        return try await events.events(clientID: clientID, filter: filter, limit: try Self.limit(limit))
    }

    // MARK: input

    private static func limit(_ limit: Int?) throws -> Int {
        guard let limit else { return 50 }
        guard (1...maxListed).contains(limit) else { throw invalid("limit must be 1 to \(maxListed)", field: "limit") }
        return limit
    }

    private static func date(_ text: String, field: String) throws -> Date {
        guard
            let date = (try? Date(text, strategy: .iso8601)) ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        else {
            throw invalid("\(field) must be an ISO 8601 time", field: field)
        }
        return date
    }

    private static func cursorText(_ record: ConversationRecord) -> String {
        Data((SQLTimestamp.format(record.updatedAt) + "|" + record.id).utf8).base64EncodedString()
    }

    private static func cursor(_ text: String) throws -> ConversationFilter.Cursor {
        guard let data = Data(base64Encoded: text), let decoded = String(data: data, encoding: .utf8),
            let bar = decoded.firstIndex(of: "|"), let time = SQLTimestamp.parse(String(decoded[..<bar]))
        else { throw invalid("cursor is not one this API gave", field: "cursor") }
        return ConversationFilter.Cursor(updatedAt: time, id: String(decoded[decoded.index(after: bar)...]))
    }

    static func invalid(_ message: String, field: String) -> ConversationError {
        ConversationError.invalid(message, field: field)
    }

    private static func notFound(_ what: String) -> ConversationError {
        ConversationError.notFound(what)
    }
}

/// `PATCH /api/conversations/{id}`: what changes.
struct ConversationChange: Codable, Sendable {
    struct LeadChange: Codable, Sendable {
        let score: Double?
        let tags: [String]?
        let fields: [String: JSONValue]?
    }

    let status: ConversationStatus?
    let lead: LeadChange?
}

/// `POST /api/events`: an agent's report on a conversation.
struct EventReport: Codable, Sendable {
    let conversation_id: String?
    let phone: String?
    let type: String
    let data: [String: JSONValue]?
}
