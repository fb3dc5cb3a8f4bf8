import Synchronization

/// One live plugin instance per integration, with its config's secret values (for masking), rebuilt when the stored
/// config (or provider) changes: a call on a cached instance opens no secrets. Ciphertexts have fresh nonces, so every
/// save gives a new fingerprint.
final class PluginInstanceCache: Sendable {
    struct Live: Sendable {
        let instance: PluginInstance
        let secrets: [String]
    }

    private struct Entry {
        let fingerprint: String
        let live: Live
    }

    private let entries = Mutex<[String: Entry]>([:])

    static func fingerprint(_ record: IntegrationRecord) -> String {
        record.provider + "\n" + record.config
    }

    func live(for record: IntegrationRecord) -> Live? {
        entries.withLock { entries in
            entries[record.id].flatMap { $0.fingerprint == Self.fingerprint(record) ? $0.live : nil }
        }
    }

    func store(_ instance: PluginInstance, secrets: [String], for record: IntegrationRecord) {
        entries.withLock { $0[record.id] = Entry(fingerprint: Self.fingerprint(record), live: Live(instance: instance, secrets: secrets)) }
    }

    /// Drops the instance; the plugin's `destroy` runs once no call holds it.
    func remove(integrationID: String) {
        _ = entries.withLock { $0.removeValue(forKey: integrationID) }
    }
}
