/// How soon a job goes before others that are ready at the same time.
package enum JobPriority: String, Sendable, CaseIterable, Codable {
    case high
    case normal
    case low

    /// Sort rank: lower goes first.
    package var rank: Int {
        switch self {
        case .high: 0
        case .normal: 1
        case .low: 2
        }
    }

    package init?(rank: Int) {
        guard let priority = Self.allCases.first(where: { $0.rank == rank }) else { return nil }
        self = priority
    }
}
