import Foundation

/// A condition as triggers write it: a comparison `{field, operator, value}` or a group `{all: [...]}` /
/// `{any: [...]}` of them (a member `all` is read before `any`). Parsed once, with every rule checked; what is
/// evaluated, pre-filtered in SQL and described as a near miss is this tree, never the JSON again.
indirect enum ConditionExpression: Sendable, Equatable {
    case all([ConditionExpression])
    case any([ConditionExpression])
    case comparison(ConditionField, ComparisonOperator, JSONValue?)

    /// How deep `all` / `any` groups may nest, and how many comparisons a condition may hold.
    static let maxDepth = 5
    static let maxComparisons = 50

    /// The condition `json` states; a refusal names the path at fault below `path`.
    init(parsing json: JSONValue, at path: String) throws(TriggerError) {
        var comparisons = 0
        self = try Self.parse(json, at: path, depth: 0, comparisons: &comparisons)
    }

    private static func parse(_ json: JSONValue, at path: String, depth: Int, comparisons: inout Int) throws(TriggerError) -> Self {
        guard case .object(let members) = json else { throw .invalid("a condition is an object", field: path) }
        for group in ["all", "any"] where members[group] != nil {
            guard depth < maxDepth else { throw .invalid("conditions nest at most \(maxDepth) deep", field: "\(path).\(group)") }
            guard case .array(let items)? = members[group], !items.isEmpty else {
                throw .invalid("\(group) takes a non-empty list", field: "\(path).\(group)")
            }
            var parts: [Self] = []
            for (index, item) in items.enumerated() {
                parts.append(try parse(item, at: "\(path).\(group).\(index)", depth: depth + 1, comparisons: &comparisons))
            }
            return group == "all" ? .all(parts) : .any(parts)
        }
        guard comparisons < maxComparisons else { throw .invalid("a condition holds at most \(maxComparisons) comparisons", field: path) }
        comparisons += 1
        let field = try ConditionField(parsing: members["field"], at: "\(path).field")
        guard let op = members["operator"]?.stringValue.flatMap(ComparisonOperator.init(rawValue:)) else {
            throw .invalid("operator must be one of \(ComparisonOperator.listed)", field: "\(path).operator")
        }
        let value = members["value"]
        switch op {
        case .exists:
            break
        case .in:
            guard case .array(let options)? = value, !options.isEmpty, options.allSatisfy(\.isScalar) else {
                throw .invalid("in takes a non-empty list of values", field: "\(path).value")
            }
        case .equals, .notEquals, .contains, .greaterThan, .lessThan:
            guard let value, value.isScalar, value != .null else {
                throw .invalid("\(op.rawValue) takes a string, number or boolean value", field: "\(path).value")
            }
        }
        return .comparison(field, op, value)
    }

    /// Whether a comparison reads the contact's name (unsealing a contact costs a vault open).
    var readsContactName: Bool {
        switch self {
        case .all(let parts), .any(let parts): parts.contains(where: \.readsContactName)
        case .comparison(let field, _, _): field.subject == .contactName
        }
    }
}

/// How a comparison compares a field's value with its own.
enum ComparisonOperator: String, Sendable, CaseIterable {
    case equals
    case notEquals = "not_equals"
    case contains
    case greaterThan = "greater_than"
    case lessThan = "less_than"
    case `in`
    case exists
}

/// A value a condition reads, as written (`conversations.status`, shown back in near misses) and what it names:
/// `conversation(s).<field>`, `lead.score`, `lead.tags`, `lead.fields.<name>`, `contact.name` or `event.<path>`.
struct ConditionField: Sendable, Equatable {
    enum Subject: Sendable, Equatable {
        case conversation(ConversationField)
        case leadScore
        case leadTags
        case leadField(String)
        case contactName
        case event(String)
    }

    let name: String
    let subject: Subject

    static let maxLength = 128

    init(parsing json: JSONValue?, at path: String) throws(TriggerError) {
        guard let name = json?.stringValue else { throw .invalid("field is required", field: path) }
        guard TextRules.length(name) <= Self.maxLength, let subject = Self.subject(name) else {
            throw .invalid("field must be conversation.<field>, lead.score, lead.tags, lead.fields.<name>, contact.name or event.<path>", field: path)
        }
        self.name = name
        self.subject = subject
    }

    private static func subject(_ name: String) -> Subject? {
        if let field = ConversationField(named: name) { return .conversation(field) }
        switch name {
        case "lead.score": return .leadScore
        case "lead.tags": return .leadTags
        case "contact.name": return .contactName
        default:
            for (prefix, subject) in [("lead.fields.", Subject.leadField), ("event.", Subject.event)] where name.hasPrefix(prefix) {
                let rest = String(name.dropFirst(prefix.count))
                return rest.isEmpty ? nil : subject(rest)
            }
            return nil
        }
    }
}

/// The conversation columns conditions read, in the order the OpenAPI document lists them; the first four are the
/// times a delay counts from.
enum ConversationField: String, Sendable, CaseIterable {
    case lastMessageAt = "last_message_at"
    case lastInboundAt = "last_inbound_at"
    case lastOutboundAt = "last_outbound_at"
    case createdAt = "created_at"
    case status
    case channel
    case integrationID = "integration_id"
    case inboundCount = "inbound_count"
    case outboundCount = "outbound_count"

    static let times: [ConversationField] = [.lastMessageAt, .lastInboundAt, .lastOutboundAt, .createdAt]

    /// The field `name` names: `conversations.status` and `conversation.status` alike.
    init?(named name: String) {
        for prefix in ["conversations.", "conversation."] where name.hasPrefix(prefix) {
            self.init(rawValue: String(name.dropFirst(prefix.count)))
            return
        }
        return nil
    }

    /// The time this field holds for `conversation`; nil for a field that is not a time, or a time not yet set.
    func time(of conversation: ConversationRecord) -> Date? {
        switch self {
        case .lastMessageAt: conversation.lastMessageAt
        case .lastInboundAt: conversation.lastInboundAt
        case .lastOutboundAt: conversation.lastOutboundAt
        case .createdAt: conversation.createdAt
        case .status, .channel, .integrationID, .inboundCount, .outboundCount: nil
        }
    }
}
