import Crypto
import Foundation

/// A secret credential as a caller holds it: an API key `gwk_<id>_<secret>`, or a refresh token `gwr_<id>_<secret>`.
/// The id finds the stored row; only the SHA-256 of the secret is stored, and it is compared in constant time.
package struct APIKeyCredential: Sendable {
    package let id: String
    let secret: String
    let prefix: String

    package static let prefix = "gwk_"
    package static let refreshPrefix = "gwr_"

    /// A new credential: a 12-character id and 32 random bytes of secret.
    package static func generate(prefix: String = prefix) -> APIKeyCredential {
        APIKeyCredential(id: randomToken(bytes: 9), secret: randomToken(bytes: 32), prefix: prefix)
    }

    /// Reads what a caller sent; nil when it is not shaped like a credential with `prefix`.
    package init?(_ text: String, prefix: String = prefix) {
        guard text.hasPrefix(prefix) else { return nil }
        let parts = text.dropFirst(prefix.count).split(separator: "_", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        id = String(parts[0])
        secret = String(parts[1])
        self.prefix = prefix
    }

    private init(id: String, secret: String, prefix: String) {
        self.id = id
        self.secret = secret
        self.prefix = prefix
    }

    /// What the caller is given, once.
    package var text: String { prefix + id + "_" + secret }

    /// What is stored.
    package var hash: String { SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined() }

    /// Whether this key's secret is the one whose hash is stored.
    func matches(storedHash: String) -> Bool {
        let mine = Array(hash.utf8)
        let theirs = Array(storedHash.utf8)
        guard mine.count == theirs.count else { return false }
        return zip(mine, theirs).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// URL-safe base64 without padding and without '_' (the separator): '-' and '.' stand in for '+' and '/'.
    private static func randomToken(bytes: Int) -> String {
        RandomToken.bytes(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: ".")
            .replacingOccurrences(of: "=", with: "")
    }
}
