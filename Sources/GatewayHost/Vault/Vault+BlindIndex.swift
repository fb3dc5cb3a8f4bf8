import Crypto
import Foundation

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
        Self.blindIndex(normalized, purpose: purpose, key: keys.current)
    }

    /// The index under each configured key, current first: what a lookup matches.
    package func blindIndexes(_ normalized: String, purpose: String) -> [BlindIndex] {
        ([keys.current] + keys.previous).map { Self.blindIndex(normalized, purpose: purpose, key: $0) }
    }

    private static func blindIndex(_ normalized: String, purpose: String, key: EncryptionKey) -> BlindIndex {
        let indexKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: key.key, info: Data("gateway blind index v1: \(purpose)".utf8), outputByteCount: 32)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(normalized.utf8), using: indexKey)
        return BlindIndex(keyID: "bi-" + key.id, value: Data(mac).base64EncodedString())
    }
}
