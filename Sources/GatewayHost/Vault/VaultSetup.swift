import Foundation
package import Logging

/// Builds the vault from the configuration: `GATEWAY_ENCRYPTION_KEY` (with `GATEWAY_ENCRYPTION_OLD_KEYS`), else a key
/// file. An embedded install with neither gets a key file generated once, with a loud log line; with `DATABASE_URL`
/// the key must be configured, since every process sharing the database needs the same one.
package enum VaultSetup {
    package static func load(_ configuration: GatewayConfiguration, logger: Logger) throws -> Vault {
        if let key = configuration.encryptionKey {
            let previous = try configuration.oldEncryptionKeys.map { (text: String) throws(VaultError) -> EncryptionKey in try EncryptionKey(base64: text) }
            return Vault(keyring: Keyring(current: try EncryptionKey(base64: key), previous: previous))
        }
        let path = try keyFilePath(configuration)
        if FileManager.default.fileExists(atPath: path) {
            if KeyFile.isExposed(path) { logger.warning("the encryption key file is readable by others: chmod 600 it", metadata: ["vault.key_file": "\(path)"]) }
            return Vault(keyring: try KeyFile.read(path), keyFile: path)
        }
        guard configuration.encryptionKeyFile == nil else { throw VaultError(.badKey, "the key file \(path) (GATEWAY_ENCRYPTION_KEY_FILE) does not exist") }
        try PrivateFile.makeDirectory(configuration.dataDirectory)
        let keyring = Keyring(current: .generate())
        guard try KeyFile.create(keyring, at: path) else { return Vault(keyring: try KeyFile.read(path), keyFile: path) }
        logger.warning(
            "GENERATED A NEW ENCRYPTION KEY: back this file up; without it the stored credentials cannot be read",
            metadata: ["vault.key_file": "\(path)", "vault.key_id": "\(keyring.current.id)"]
        )
        return Vault(keyring: keyring, keyFile: path)
    }

    /// The key file in use: the configured one, or the embedded default in the data directory.
    package static func keyFilePath(_ configuration: GatewayConfiguration) throws(VaultError) -> String {
        if let file = configuration.encryptionKeyFile { return file }
        guard configuration.isEmbedded else {
            throw VaultError(.badKey, "DATABASE_URL is set: configure GATEWAY_ENCRYPTION_KEY or GATEWAY_ENCRYPTION_KEY_FILE (every process needs the same key)")
        }
        return URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("encryption.key").path
    }

    /// The integrations whose stored credentials this vault cannot open, each with the reason. A wrong key, a key left
    /// out, or one tampered record: each is reported, none stops anything else.
    package static func unreadable(_ vault: Vault, integrations: any IntegrationStore) async throws -> [UnreadableCredentials] {
        var unreadable: [UnreadableCredentials] = []
        for integration in try await integrations.allIntegrations() {
            do {
                _ = try vault.openSecrets(of: integration)
            } catch {
                unreadable.append(UnreadableCredentials(integrationID: integration.id, clientID: integration.clientID, reason: "\(error)"))
            }
        }
        return unreadable
    }
}
