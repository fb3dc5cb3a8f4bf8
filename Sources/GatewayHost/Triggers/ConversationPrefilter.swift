/// The part of a trigger condition SQL can check on the conversations table, so a scan over a client's conversations
/// (a schedule's audience, a condition's baseline) reads from the database only those that may hold: comparisons on
/// status, channel, integration, the message counts and the lead score, joined as the condition joins them. What it
/// cannot state (times, tags, lead fields, the sealed contact name) it leaves open, so it never drops a conversation
/// the condition holds for; each one read is still evaluated in full (`ConditionEvaluator`).
package struct ConversationPrefilter: Sendable {
    /// A predicate with `?` for each value, in order; nil when nothing narrows the scan.
    let predicate: String?
    let values: [SQLValue]

    init(_ condition: ConditionExpression?) {
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

    private static let never = "1 = 0"

    /// SQL for `condition`, nil where it leaves the scan open; `values` grows only by what a returned predicate uses.
    private static func predicate(_ condition: ConditionExpression, _ values: inout [SQLValue]) -> String? {
        switch condition {
        case .all(let parts):
            let predicates = parts.compactMap { predicate($0, &values) }
            return predicates.isEmpty ? nil : "(" + predicates.joined(separator: " AND ") + ")"
        case .any(let parts):
            let before = values.count
            var predicates: [String] = []
            for part in parts {
                guard let predicate = predicate(part, &values) else {
                    values.removeSubrange(before...)
                    return nil
                }
                predicates.append(predicate)
            }
            return "(" + predicates.joined(separator: " OR ") + ")"
        case .comparison(let field, let op, let expected):
            switch field.subject {
            case .conversation(let column) where [.status, .channel, .integrationID].contains(column):
                return text(column.rawValue, op, expected, &values)
            case .conversation(let column) where [.inboundCount, .outboundCount].contains(column):
                return number(column.rawValue, op, expected, &values)
            case .leadScore:
                return number("lead_score", op, expected, &values)
            default:
                return nil
            }
        }
    }

    private static func text(_ column: String, _ op: ComparisonOperator, _ expected: JSONValue?, _ values: inout [SQLValue]) -> String? {
        switch (op, expected) {
        case (.equals, .string(let text)?): values.append(.text(text)); return "\(column) = ?"
        case (.equals, _): return never  // a number or nothing never equals text
        case (.notEquals, .string(let text)?): values.append(.text(text)); return "\(column) <> ?"
        case (.in, .array(let options)?):
            let texts = options.compactMap(\.stringValue)
            guard !texts.isEmpty else { return never }
            values += texts.map(SQLValue.text)
            return "\(column) IN (" + texts.map { _ in "?" }.joined(separator: ", ") + ")"
        default: return nil
        }
    }

    private static func number(_ column: String, _ op: ComparisonOperator, _ expected: JSONValue?, _ values: inout [SQLValue]) -> String? {
        let score = column == "lead_score"
        if op == .exists { return score ? "lead_score IS NOT NULL" : nil }
        guard let number = expected.flatMap(Self.number) else { return op == .equals ? never : nil }
        let sqlOperators: [ComparisonOperator: String] = [.equals: "=", .notEquals: "<>", .greaterThan: ">", .lessThan: "<"]
        guard let sqlOperator = sqlOperators[op] else { return nil }
        values.append(number)
        let compared = "\(column) \(sqlOperator) CAST(? AS DOUBLE PRECISION)"
        // A conversation without a score is not equal to any: it passes not_equals.
        return op == .notEquals && score ? "(lead_score IS NULL OR \(compared))" : compared
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
