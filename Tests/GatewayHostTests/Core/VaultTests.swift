import Foundation
@testable import GatewayHost
import Logging
import Testing

/// AES-256-GCM sealing: round trips, the key id in every ciphertext, clear errors for a wrong key or altered data, and
/// the key file.
@Suite struct VaultTests {
    private let context = "gateway/client/acme/field/api_token"

    @Test func aSealedSecretOpensOnlyWithItsKeyAndContext() throws {
        let key = EncryptionKey.generate()
        let vault = Vault(keyring: Keyring(current: key))
        let sealed = try vault.seal(Data("s3cret-value".utf8), context: context)
        #expect(sealed.hasPrefix("gwenc:v1:\(key.id):"))
        #expect(!sealed.contains("s3cret-value"))
        #expect(try vault.seal(Data("s3cret-value".utf8), context: context) != sealed, "a fresh nonce every time")
        #expect(String(decoding: try vault.open(sealed, context: context), as: UTF8.self) == "s3cret-value")

        let moved = #expect(throws: VaultError.self) { try vault.open(sealed, context: "gateway/client/globex/field/api_token") }
        #expect(moved?.code == .authenticationFailed, "a ciphertext copied to another client does not open")
        // Flip one bit of the ciphertext itself (editing a base64 character may only touch padding bits).
        let prefix = "gwenc:v1:\(key.id):"
        var bytes = try #require(Data(base64Encoded: String(sealed.dropFirst(prefix.count))))
        bytes[14] ^= 0x01
        let altered = #expect(throws: VaultError.self) { try vault.open(prefix + bytes.base64EncodedString(), context: context) }
        #expect(altered?.code == .authenticationFailed)
    }

    @Test func aWrongKeyIsAClearErrorNamingKeyIdsNeverGarbage() throws {
        let sealed = try Vault(keyring: Keyring(current: .generate())).seal(Data("x".utf8), context: context)
        let other = Vault(keyring: Keyring(current: .generate()))
        let error = #expect(throws: VaultError.self) { try other.open(sealed, context: context) }
        #expect(error?.code == .unknownKey)
        #expect(error?.message.contains(Vault.keyID(of: sealed)!) == true)
    }

    @Test func oldKeysStillOpenWhatTheySealed() throws {
        let old = EncryptionKey.generate()
        let sealed = try Vault(keyring: Keyring(current: old)).seal(Data("x".utf8), context: context)
        let rotated = Vault(keyring: Keyring(current: .generate(), previous: [old]))
        #expect(try rotated.open(sealed, context: context) == Data("x".utf8))
        let resealed = try #require(try rotated.resealSecrets(["api_token": .string(sealed)], secretFields: ["api_token"], clientID: "acme"))
        #expect(Vault.keyID(of: resealed["api_token"]!.stringValue!) == rotated.keys.current.id)
    }

    @Test func keysMustBe32BytesOfBase64() {
        #expect(throws: VaultError.self) { try EncryptionKey(base64: "c2hvcnQ=") }
        #expect(throws: VaultError.self) { try EncryptionKey(base64: "not base64 at all!") }
        #expect((try? EncryptionKey(base64: EncryptionKey.generate().base64)) != nil)
    }

    @Test func anEmbeddedInstallGeneratesItsKeyFileOnceWithMode0600() throws {
        let logs = LogRecorder()
        var configuration = GatewayConfiguration(pluginDirectories: [])
        configuration.dataDirectory = try TestPaths.scratchDirectory().path
        let first = try VaultSetup.load(configuration, logger: logs.logger())
        let path = configuration.dataDirectory + "/encryption.key"
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        #expect(logs.recorded.contains { $0.contains("GENERATED A NEW ENCRYPTION KEY") })
        let second = try VaultSetup.load(configuration, logger: logs.logger())
        #expect(second.keys.current.id == first.keys.current.id, "generated once, then reused")

        configuration.databaseURL = "postgresql://somewhere/db"
        configuration.encryptionKeyFile = nil
        #expect(throws: VaultError.self, "with a shared database the key must be configured") { try VaultSetup.load(configuration, logger: logs.logger()) }
    }

    /// A wrong key makes what it sealed unreadable, and says so by key id; the gateway still starts.
    @Test func startingWithTheWrongKeyReportsWhatItCannotOpenAndStartsAnyway() async throws {
        let gateway = try await TestGateway.start(plugins: [])
        let vault = gateway.core.vault
        try await gateway.core.store.createClient(ClientRecord(id: "acme", name: "a", createdAt: Date()), actor: "operator")
        let sealed = try vault.sealSecrets(["api_token": .string("t")], secretFields: ["api_token"], clientID: "acme")
        let now = Date()
        _ = try await gateway.core.store.saveIntegration(
            IntegrationRecord(
                id: "i1", clientID: "acme", type: .whatsapp, provider: "uazapi", name: "w", status: "configured",
                config: IntegrationRecord.configText(sealed), secretFields: ["api_token"], createdAt: now, updatedAt: now
            ),
            actor: "operator"
        )
        try await gateway.core.close()
        var configuration = gateway.configuration
        configuration.encryptionKey = EncryptionKey.generate().base64
        let logs = LogRecorder()
        let reopened = try await GatewayCore.open(configuration, logger: logs.logger())
        #expect(reopened.unreadable.map(\.integrationID) == ["i1"])
        #expect(reopened.unreadable.first?.reason.contains(vault.keys.current.id) == true, "the reason names the missing key")
        #expect(reopened.credentials.unreadableCount == 1)
        #expect(logs.recorded.contains { $0.contains("stored credentials cannot be read") && $0.contains("integration.id=i1") })
        try await reopened.close()
    }
}

/// Secrets shown back masked, and cleaned out of what a provider says.
@Suite struct SecretMaskTests {
    @Test func longSecretsShowTheirLastFourShortOnesNothing() {
        #expect(SecretMask.mask(.string("uaz-instance-token-4321")) == .string("****4321"))
        #expect(SecretMask.mask(.string("short-pw")) == .string("****"))
        #expect(SecretMask.mask(.object(["k": .string("v")])) == .string("****"))
    }

    @Test func aProviderMessageRepeatingASecretIsScrubbed() {
        let message = SecretMask.scrub("login failed for token uaz-instance-token-4321 at host", secrets: ["uaz-instance-token-4321", "x"])
        #expect(message == "login failed for token **** at host")
    }
}
