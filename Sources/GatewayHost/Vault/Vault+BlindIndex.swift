import Crypto
import Foundation
import Synchronization

/// Blind indexes: a keyed hash of a normalised value (a phone, an email, a webhook token), so a row can be found by
/// equality without the value being stored in clear. Each vault key yields its own index key (HKDF with a label per
/// use), named `bi-<vault key id>`; a lookup computes the index under every configured key, so rows written before a
/// rotation are still found.
extension Vault {
    package struct BlindIndex: Sendable, Equatable {
        package let keyID: String
        package let value: String
    }

    /// The index under the current key: what a new row stores.
    package func blindIndex(_ normalized: String, purpose: String) -> BlindIndex {
        blindIndex(normalized, purpose: purpose, key: keys.current)
    }

    /// The index under each configured key, current first: what a lookup matches.
    package func blindIndexes(_ normalized: String, purpose: String) -> [BlindIndex] {
        ([keys.current] + keys.previous).map { blindIndex(normalized, purpose: purpose, key: $0) }
    }

    private func blindIndex(_ normalized: String, purpose: String, key: EncryptionKey) -> BlindIndex {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(normalized.utf8), using: indexKey(key, purpose: purpose))
        return BlindIndex(keyID: "bi-" + key.id, value: Data(mac).base64EncodedString())
    }

    private func indexKey(_ key: EncryptionKey, purpose: String) -> SymmetricKey {
        let name = key.id + "/" + purpose
        if let derived = indexKeys.withLock({ $0[name] }) { return derived }
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: key.key, info: Data("gateway blind index v1: \(purpose)".utf8), outputByteCount: 32)
        indexKeys.withLock { $0[name] = derived }
        return derived
    }
}
