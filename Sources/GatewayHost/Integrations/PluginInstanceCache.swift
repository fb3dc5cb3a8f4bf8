import Synchronization

/// One live plugin instance per integration, rebuilt when the stored config (or provider) changes. Ciphertexts have
/// fresh nonces, so every save gives a new fingerprint.
final class PluginInstanceCache: Sendable {
    private struct Entry {
        let fingerprint: String
        let instance: PluginInstance
    }

    private let entries = Mutex<[String: Entry]>([:])

    static func fingerprint(_ record: IntegrationRecord) -> String {
        record.provider + "\n" + record.config
    }

    func instance(for record: IntegrationRecord) -> PluginInstance? {
        entries.withLock { entries in
            entries[record.id].flatMap { $0.fingerprint == Self.fingerprint(record) ? $0.instance : nil }
        }
    }

    func store(_ instance: PluginInstance, for record: IntegrationRecord) {
        entries.withLock { $0[record.id] = Entry(fingerprint: Self.fingerprint(record), instance: instance) }
    }

    /// Drops the instance; the plugin's `destroy` runs once no call holds it.
    func remove(integrationID: String) {
        _ = entries.withLock { $0.removeValue(forKey: integrationID) }
    }
}
