import Crypto
package import Foundation

/// One AES-256 key and its id. The id is derived from the key (a hash prefix), so the same key always has the same id
/// wherever it is configured, and a ciphertext names the key that can open it.
package struct EncryptionKey: Sendable {
    package let id: String
    let key: SymmetricKey

    package init(_ bytes: Data) throws(VaultError) {
        guard bytes.count == 32 else { throw VaultError(.badKey, "an encryption key must be 32 bytes (base64 of 32 bytes), got \(bytes.count)") }
        key = SymmetricKey(data: bytes)
        id = SHA256.hash(data: Data("gateway-key-id:".utf8) + bytes).prefix(4).map { String(format: "%02x", $0) }.joined()
    }

    /// From base64 text (what `GATEWAY_ENCRYPTION_KEY` and the key file hold).
    package init(base64: String) throws(VaultError) {
        guard let bytes = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw VaultError(.badKey, "an encryption key must be base64 of 32 bytes")
        }
        try self.init(bytes)
    }

    /// A new random key.
    package static func generate() -> EncryptionKey {
        // 32 bytes always make a valid key.
        try! EncryptionKey(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    var base64: String { key.withUnsafeBytes { Data($0).base64EncodedString() } }
}
