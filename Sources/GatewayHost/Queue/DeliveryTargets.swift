import Foundation
import Synchronization

/// What a job is sent through: the client's integration of the job's channel and its live plugin instance.
struct DeliveryTarget: Sendable {
    let record: IntegrationRecord
    let instance: PluginInstance
    /// Secret values of the config, scrubbed from anything the provider says.
    let secrets: [String]
}

/// Finds the integration each job goes through. A target is looked up (store read, secrets opened) at most once per
/// `ttl` per client and channel, so a busy queue does not read the store or decrypt for every message; a reconfigured
/// integration reaches the workers within `ttl`.
final class DeliveryTargets: Sendable {
    private struct Entry {
        let target: DeliveryTarget?
        let readAt: ContinuousClock.Instant
    }

    private let integrations: IntegrationService
    private let ttl: Duration
    private let targets = Mutex<[String: Entry]>([:])

    init(integrations: IntegrationService, ttl: Duration = .seconds(2)) {
        self.integrations = integrations
        self.ttl = ttl
    }

    /// The target, or nil when the client has no integration of that channel. Throws `IntegrationError` when the
    /// plugin is not loaded or refuses the stored config, or the credentials cannot be read.
    func target(clientID: String, channel: IntegrationType) async throws -> DeliveryTarget? {
        let key = clientID + "\n" + channel.rawValue
        let now = ContinuousClock.now
        if let entry = targets.withLock({ $0[key] }), now - entry.readAt < ttl { return entry.target }
        var target: DeliveryTarget?
        if let record = try await integrations.store.integration(clientID: clientID, type: channel) {
            let live = try await integrations.liveInstance(record)
            target = DeliveryTarget(record: record, instance: live.instance, secrets: live.secrets)
        }
        targets.withLock { $0[key] = Entry(target: target, readAt: now) }
        return target
    }
}
