import Crypto
package import Foundation
import Synchronization

/// Seals and opens secrets with AES-256-GCM. A sealed value is text: `gwenc:v1:<key id>:<base64(nonce|ciphertext|tag)>`.
/// The associated data binds each ciphertext to where it belongs (client and field), so a ciphertext copied to another
/// client or field does not open. A wrong key is an error, never garbage.
package final class Vault: Sendable {
    private struct State {
        var keyring: Keyring
        var fileModified: Date?
        /// When the key file was last looked at: sealing is on hot paths (every webhook), a stat per seal is not.
        var checkedAt: ContinuousClock.Instant = .now
    }

    private let state: Mutex<State>
    /// Blind index keys derived so far, by vault key id and purpose (deriving one per lookup would cost an HKDF each).
    let indexKeys = Mutex<[String: SymmetricKey]>([:])
    /// When the keys come from a file, the vault re-reads it when it changes (before sealing, and on meeting an
    /// unknown key id): `gateway keys rotate` in another process rewrites it.
    private let keyFile: String?

    package init(keyring: Keyring, keyFile: String? = nil) {
        state = Mutex(State(keyring: keyring, fileModified: keyFile.flatMap(PrivateFile.modified), checkedAt: .now))
        self.keyFile = keyFile
    }

    package var keys: Keyring { state.withLock { $0.keyring } }

    /// Whether a ciphertext under `keyID` can be opened.
    package func knows(keyID: String) -> Bool {
        key(id: keyID) != nil
    }

    private static let prefix = "gwenc:v1:"

    /// Whether `value` is a vault ciphertext.
    package static func isSealed(_ value: String) -> Bool {
        value.hasPrefix(prefix)
    }

    /// How every value sealed under `keyID` begins.
    package static func sealedPrefix(keyID: String) -> String {
        prefix + keyID + ":"
    }

    /// The id of the key that sealed `value`.
    package static func keyID(of value: String) -> String? {
        guard isSealed(value) else { return nil }
        return value.dropFirst(prefix.count).split(separator: ":", maxSplits: 1).first.map(String.init)
    }

    package func seal(_ plaintext: Data, context: String) throws(VaultError) -> String {
        reloadIfChanged()
        let key = keys.current
        do {
            let box = try AES.GCM.seal(plaintext, using: key.key, authenticating: Data(context.utf8))
            guard let combined = box.combined else { throw VaultError(.malformed, "AES-GCM gave no combined form") }
            return Self.sealedPrefix(keyID: key.id) + combined.base64EncodedString()
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError(.malformed, "cannot seal a secret")
        }
    }

    package func open(_ sealed: String, context: String) throws(VaultError) -> Data {
        let parts = sealed.dropFirst(Self.prefix.count).split(separator: ":", maxSplits: 1)
        guard Self.isSealed(sealed), parts.count == 2, let combined = Data(base64Encoded: String(parts[1])) else {
            throw VaultError(.malformed, "a stored secret is not a vault ciphertext")
        }
        let keyID = String(parts[0])
        guard let key = key(id: keyID) else {
            throw VaultError(
                .unknownKey,
                "a stored secret was sealed with key \(keyID), which is not among the configured keys (\(keys.ids.joined(separator: ", "))): "
                    + "configure the key it was written with (GATEWAY_ENCRYPTION_KEY, GATEWAY_ENCRYPTION_OLD_KEYS or the key file)"
            )
        }
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: key.key, authenticating: Data(context.utf8))
        } catch {
            throw VaultError(.authenticationFailed, "a stored secret under key \(keyID) failed authentication: it was altered or moved")
        }
    }

    private func key(id: String) -> EncryptionKey? {
        if let key = keys.key(id: id) { return key }
        reloadIfChanged(force: true)
        return keys.key(id: id)
    }

    /// How often a process looks at its key file for a rotation's new key.
    package static let keyFileCheckInterval: Duration = .seconds(1)

    /// Re-reads the key file when it changed, looking at most once a second (a rotation reaches a running process
    /// within a second); `force` looks now (a ciphertext names a key this process does not know yet).
    private func reloadIfChanged(force: Bool = false) {
        guard let keyFile else { return }
        let now = ContinuousClock.now
        let due = state.withLock { state in
            guard force || now - state.checkedAt >= Self.keyFileCheckInterval else { return false }
            state.checkedAt = now
            return true
        }
        guard due else { return }
        let modified = PrivateFile.modified(keyFile)
        guard modified != state.withLock({ $0.fileModified }), let reloaded = try? KeyFile.read(keyFile) else { return }
        state.withLock { $0 = State(keyring: reloaded, fileModified: modified, checkedAt: now) }
    }
}
