import Foundation
import Logging
import Synchronization

/// What a job is sent through: one of the client's integrations of the job's channel and its live plugin instance.
struct DeliveryTarget: Sendable {
    let record: IntegrationRecord
    let instance: PluginInstance
    /// Secret values of the config, scrubbed from anything the provider says.
    let secrets: [String]
}

/// The client's primary integration of a channel and its usable fallbacks, in failover order.
struct DeliveryRoute: Sendable {
    /// The primary first.
    let targets: [DeliveryTarget]

    /// Where a job that left the integrations of `history` goes now: the first it has not left (the last when it
    /// left them all, as when fallbacks were removed meanwhile).
    func position(leaving history: [ProviderHop]) -> Int {
        let left = Set(history.map(\.integration_id))
        return targets.firstIndex { !left.contains($0.record.id) } ?? targets.count - 1
    }

    /// The switched-on fallback after `position` the job has not left, if any.
    func next(after position: Int, leaving history: [ProviderHop]) -> Int? {
        let left = Set(history.map(\.integration_id))
        return targets.indices.first { $0 > position && targets[$0].record.enabled && !left.contains(targets[$0].record.id) }
    }
}

/// Finds the integrations each job goes through. A route is looked up (store read, secrets opened) at most once per
/// `ttl` per client and channel, so a busy queue does not read the store or decrypt for every message; a reconfigured
/// integration reaches this process's workers at once, other processes' within `ttl`.
final class DeliveryTargets: Sendable {
    private struct Entry {
        let route: DeliveryRoute?
        let readAt: ContinuousClock.Instant
        /// The client's integrations' revision when read.
        let revision: UInt64
    }

    private let integrations: IntegrationService
    private let ttl: Duration
    private let routes = Mutex<[String: Entry]>([:])

    init(integrations: IntegrationService, ttl: Duration = .seconds(2)) {
        self.integrations = integrations
        self.ttl = ttl
    }

    /// The route, or nil when the client has no integration of that channel. Throws `IntegrationError` when the
    /// primary's plugin is not loaded or refuses the stored config, or its credentials cannot be read; a fallback in
    /// that state is left out of the route (and logged).
    func route(clientID: String, channel: IntegrationType) async throws -> DeliveryRoute? {
        let key = clientID + "\n" + channel.rawValue
        let now = ContinuousClock.now
        let revision = integrations.revision(clientID: clientID)
        if let entry = routes.withLock({ $0[key] }), now - entry.readAt < ttl, entry.revision == revision { return entry.route }
        var route: DeliveryRoute?
        if let primary = try await integrations.store.integration(clientID: clientID, type: channel) {
            var targets = [try await target(primary)]
            if !primary.fallbackIDs.isEmpty {
                let fallbacks = try await integrations.store.integrations(clientID: clientID).filter { $0.type == channel && $0.role == .fallback }
                for id in primary.fallbackIDs {
                    guard let record = fallbacks.first(where: { $0.id == id }) else { continue }
                    do {
                        targets.append(try await target(record))
                    } catch {
                        integrations.logger.warning(
                            "a fallback cannot be used; sends skip it", metadata: ["integration.id": "\(id)", "error.message": "\(error)"])
                    }
                }
            }
            route = DeliveryRoute(targets: targets)
        }
        routes.withLock { $0[key] = Entry(route: route, readAt: now, revision: revision) }
        return route
    }

    private func target(_ record: IntegrationRecord) async throws -> DeliveryTarget {
        let live = try await integrations.liveInstance(record)
        return DeliveryTarget(record: record, instance: live.instance, secrets: live.secrets)
    }
}
