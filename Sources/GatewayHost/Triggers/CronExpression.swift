/// The five-field cron syntax schedules use (`minute hour day-of-month month day-of-week`): each field `*`, a number,
/// a range `a-b`, a step `*/n` or `a-b/n`, or a list of those; days of the week 0-7 (0 and 7 are Sunday).
enum CronExpression {
    static let ranges: [ClosedRange<Int>] = [0...59, 0...23, 1...31, 1...12, 0...7]

    static func isValid(_ expression: String) -> Bool {
        let fields = expression.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count == 5 else { return false }
        return zip(fields, ranges).allSatisfy { field, range in
            field.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { part(String($0), range) }
        }
    }

    private static func part(_ text: String, _ range: ClosedRange<Int>) -> Bool {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count) else { return false }
        if pieces.count == 2 {
            guard let step = Int(pieces[1]), step >= 1, step <= range.upperBound else { return false }
        }
        let base = String(pieces[0])
        if base == "*" { return true }
        let bounds = base.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        switch bounds.count {
        case 1: return bounds[0].map(range.contains) ?? false
        case 2:
            guard let low = bounds[0], let high = bounds[1] else { return false }
            return range.contains(low) && range.contains(high) && low <= high
        default: return false
        }
    }
}
