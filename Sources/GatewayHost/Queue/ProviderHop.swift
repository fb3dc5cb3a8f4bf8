package import Foundation

/// An integration a message left for the next of its primary's fallbacks (failover), and why: a message's
/// `provider_history`.
package struct ProviderHop: Codable, Sendable, Equatable {
    package let integration_id: String
    package let provider: String
    /// Calls made through it.
    package let attempts: Int
    package let reason: String
    /// ISO 8601.
    package let at: String

    package init(integrationID: String, provider: String, attempts: Int, reason: String, at: Date) {
        integration_id = integrationID
        self.provider = provider
        self.attempts = attempts
        self.reason = reason
        self.at = at.formatted(.iso8601)
    }

    /// The stored form of a history (`provider_history`): a JSON array.
    package static func text(_ history: [ProviderHop]) -> String {
        String(decoding: (try? JSONEncoder().encode(history)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// A stored history; empty when there is none. One that cannot be read is a corrupt queue.
    package static func history(fromText text: String?) throws(QueueError) -> [ProviderHop] {
        guard let text, !text.isEmpty else { return [] }
        guard let history = try? JSONDecoder().decode([ProviderHop].self, from: Data(text.utf8)) else {
            throw QueueError(.failed, "a message's provider_history is not a list of hops")
        }
        return history
    }
}
