import Foundation

/// What the console's dashboard reads of one client: its traffic per hour, and its outbound messages' outcomes per
/// integration.
protocol ActivityStore: Sendable {
    /// Messages received and sent, and delivery receipts, per UTC hour since `since`.
    func hourlyActivity(clientID: String, since: Date) async throws -> [HourlyActivity]
    /// Outbound messages created since `since`, per integration: how many, how many the provider took, and how many
    /// its receipts reported failed.
    func sendOutcomes(clientID: String, since: Date) async throws -> [SendOutcome]
}

/// How many of one kind in one UTC hour (`2026-12-07T14`).
struct HourlyActivity: Sendable, Equatable {
    enum Series: String, Sendable, CaseIterable {
        case inbound = "in"
        case outbound = "out"
        case receipts
    }

    let hour: String
    let series: Series
    let count: Int
}

struct SendOutcome: Sendable, Equatable {
    let integrationID: String
    let total: Int
    let sent: Int
    let failed: Int
}
