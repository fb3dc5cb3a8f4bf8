/// The part of a trigger condition SQL can check on the conversations table, so a scan over a client's conversations
/// (a schedule's audience, a condition's baseline) reads from the database only those that may hold: comparisons on
/// status, channel, integration, the message counts and the lead score, joined as the condition joins them. What it
/// cannot state (times, tags, lead fields, the sealed contact name) it leaves open, so it never drops a conversation
/// the condition holds for; each one read is still evaluated in full (`TriggerConditions`).
package struct ConversationPrefilter: Sendable {
    /// A predicate with `?` for each value, in order; nil when nothing narrows the scan.
    let predicate: String?
    let values: [SQLValue]

    init(_ condition: JSONValue?) {
        var values: [SQLValue] = []
        predicate = condition.flatMap { Self.predicate($0, &values) }
        self.values = predicate == nil ? [] : values
    }

    /// The predicate with its values numbered from `$first` (`$4` after a query's own three).
    func sql(numberedFrom first: Int) -> String? {
        guard let predicate else { return nil }
        var number = first
        return predicate.split(separator: "?", omittingEmptySubsequences: false).enumerated().map { index, part in
            guard index > 0 else { return String(part) }
            defer { number += 1 }
            return "$\(number)" + part
        }.joined()
    }

    private static let textColumns = ["status", "channel", "integration_id"]
    private static let countColumns = ["inbound_count", "outbound_count"]
    private static let never = "1 = 0"

    /// SQL for `condition`, nil where it leaves the scan open; `values` grows only by what a returned predicate uses.
    private static func predicate(_ condition: JSONValue, _ values: inout [SQLValue]) -> String? {
        guard case .object(let members) = condition else { return nil }
        let before = values.count
        if let group = members["all"] {  // as TriggerConditions reads it: `all` first, then `any`
            let parts = (group.arrayValue ?? []).compactMap { predicate($0, &values) }
            return parts.isEmpty ? nil : "(" + parts.joined(separator: " AND ") + ")"
        }
        if let group = members["any"] {
            var parts: [String] = []
            for item in group.arrayValue ?? [] {
                guard let part = predicate(item, &values) else {
                    values.removeSubrange(before...)
                    return nil
                }
                parts.append(part)
            }
            return parts.isEmpty ? nil : "(" + parts.joined(separator: " OR ") + ")"
        }
        return comparison(members["field"]?.stringValue ?? "", members["operator"]?.stringValue ?? "", members["value"], &values)
    }

    private static func comparison(_ field: String, _ op: String, _ expected: JSONValue?, _ values: inout [SQLValue]) -> String? {
        if let column = TriggerRules.conversationField(field), textColumns.contains(column) {
            switch (op, expected) {
            case ("equals", .string(let text)?): values.append(.text(text)); return "\(column) = ?"
            case ("equals", _): return never  // a number or nothing never equals text
            case ("not_equals", .string(let text)?): values.append(.text(text)); return "\(column) <> ?"
            case ("in", .array(let options)?):
                let texts = options.compactMap(\.stringValue)
                guard !texts.isEmpty else { return never }
                values += texts.map(SQLValue.text)
                return "\(column) IN (" + texts.map { _ in "?" }.joined(separator: ", ") + ")"
            default: return nil
            }
        }
        let numeric: String
        if let column = TriggerRules.conversationField(field), countColumns.contains(column) {
            numeric = column
        } else if field == "lead.score" {
            numeric = "lead_score"
        } else {
            return nil
        }
        if op == "exists" { return numeric == "lead_score" ? "lead_score IS NOT NULL" : nil }
        guard let number = expected.flatMap(Self.number) else { return op == "equals" ? never : nil }
        let sqlOperator = ["equals": "=", "not_equals": "<>", "greater_than": ">", "less_than": "<"][op]
        guard let sqlOperator else { return nil }
        values.append(number)
        let compared = "\(numeric) \(sqlOperator) CAST(? AS DOUBLE PRECISION)"
        // A conversation without a score is not equal to any: it passes not_equals.
        return op == "not_equals" && numeric == "lead_score" ? "(lead_score IS NULL OR \(compared))" : compared
    }

    /// A JSON number as a value SQL casts to a double.
    private static func number(_ value: JSONValue) -> SQLValue? {
        switch value {
        case .integer(let number): .integer(number)
        case .number(let number): .text(String(number))
        default: nil
        }
    }
}
