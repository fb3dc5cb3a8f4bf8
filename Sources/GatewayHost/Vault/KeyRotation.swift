import Foundation
public import Logging

/// `gateway keys rotate`: re-seals every stored secret under the current key. With a key file, it first generates a
/// new key and adds it in front of the old ones, and removes the old ones only after every secret is under the new key,
/// so a rotation cut short leaves everything readable and can simply be run again. With `GATEWAY_ENCRYPTION_KEY`, the
/// operator sets the new key there and lists the old ones in `GATEWAY_ENCRYPTION_OLD_KEYS`.
public enum KeyRotation {
    public struct Report: Sendable {
        public let keyID: String
        public let integrations: Int
        public let resealed: Int
        /// Integrations whose credentials could not be opened with any configured key, so were left as they are.
        public let unreadable: [String]
        /// Contacts' addresses and names, stored content and open turns re-sealed (and those no key opened).
        public let inboundResealed: Int
        public let inboundUnreadable: Int
        /// Agent turns kept in the queue (waiting, retrying or dead) re-sealed (and those no key opened).
        public let queuedResealed: Int
        public let queuedUnreadable: Int
    }

    public static func rotate(
        _ configuration: GatewayConfiguration, logger: Logger, progress: @Sendable (_ done: Int, _ total: Int) -> Void
    ) async throws -> Report {
        try await GatewayCore.using(configuration, logger: logger) { core in try await reseal(core, configuration: configuration, logger: logger, progress: progress) }
    }

    private static func reseal(
        _ core: GatewayCore, configuration: GatewayConfiguration, logger: Logger, progress: @Sendable (_ done: Int, _ total: Int) -> Void
    ) async throws -> Report {
        var vault = core.vault
        let keyFile = configuration.encryptionKey == nil ? try VaultSetup.keyFilePath(configuration) : nil
        if let keyFile {
            let old = vault.keys
            try KeyFile.write(Keyring(current: .generate(), previous: [old.current] + old.previous), to: keyFile)
            vault = Vault(keyring: try KeyFile.read(keyFile), keyFile: keyFile)
            // Running processes look at the key file at most once a second: past that, everything they seal is under
            // the new key, so nothing written during the pass below is left under the old one.
            try await Task.sleep(for: Vault.keyFileCheckInterval + .milliseconds(500))
        }
        let integrations = try await core.stores.integrations.allIntegrations()
        var resealed = 0
        var unreadable: Set<String> = []
        // Another process may save a secret (under any key) while this runs: a config that changed meanwhile is not
        // overwritten, and the pass repeats until it finds nothing to do.
        var pending = integrations
        while !pending.isEmpty {
            var changed = 0
            for (index, integration) in pending.enumerated() {
                let updated: [String: JSONValue]?
                do {
                    updated = try vault.resealSecrets(try integration.configFields(), secretFields: integration.secretFields, clientID: integration.clientID)
                } catch {
                    unreadable.insert(integration.id)
                    updated = nil
                }
                if let updated {
                    let routeIndex = try? WebhookRouteIndex.reindex(
                        integration.routeIndex, config: vault.openSecrets(updated, secretFields: integration.secretFields, clientID: integration.clientID),
                        provider: integration.provider, vault: vault
                    )
                    let replaced = try await core.stores.integrations.replaceConfig(
                        id: integration.id, clientID: integration.clientID, config: IntegrationRecord.configText(updated), routeIndex: routeIndex ?? nil,
                        ifStill: integration.config
                    )
                    if replaced { resealed += 1 }
                    changed += 1
                }
                progress(index + 1, pending.count)
            }
            pending = changed == 0 ? [] : try await core.stores.integrations.allIntegrations().filter { !unreadable.contains($0.id) }
        }
        let inbound = try await InboundKeyRotation.reseal(columns: core.stores.sealedColumns, vault: vault)
        let backend = try QueueBackend.open(configuration, store: core.store, logger: logger)
        let queued: ResealCounts
        do {
            queued = try await JobInputRotation.reseal(queue: backend.queue, vault: vault)
            try await backend.queue.close()
        } catch {
            try? await backend.queue.close()
            throw error
        }
        if let keyFile { try KeyFile.write(Keyring(current: vault.keys.current), to: keyFile) }
        return Report(
            keyID: vault.keys.current.id, integrations: integrations.count, resealed: resealed, unreadable: unreadable.sorted(), inboundResealed: inbound.resealed,
            inboundUnreadable: inbound.unreadable, queuedResealed: queued.resealed, queuedUnreadable: queued.unreadable
        )
    }
}

/// Values a rotation step re-sealed under the current key, and those no configured key opened (left as they were).
struct ResealCounts: Sendable {
    var resealed = 0
    var unreadable = 0
}
