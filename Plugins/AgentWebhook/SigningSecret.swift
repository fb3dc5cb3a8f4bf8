import Crypto
import Foundation
import ProviderKit

/// One Standard Webhooks signing secret: `whsec_` + base64 of its bytes, active until `until` (epoch ms) when it is
/// being rotated out.
struct SigningSecret {
    let key: SymmetricKey
    let until: Int64?

    static let prefix = "whsec_"

    /// The secrets listed in the config field `field`.
    static func parse(_ value: JSONValue?, field: String) throws(ProviderError) -> [SigningSecret] {
        guard let items = value?.array, !items.isEmpty else {
            throw .invalid("\(field) must list at least one secret", field: field)
        }
        var secrets: [SigningSecret] = []
        for (index, item) in items.enumerated() {
            guard let text = item["secret"]?.string, text.hasPrefix(prefix), let bytes = Data(base64Encoded: String(text.dropFirst(prefix.count))),
                (24...64).contains(bytes.count)
            else {
                throw .invalid("each secret must be whsec_ and base64 of 24 to 64 bytes", field: "\(field).\(index).secret")
            }
            secrets.append(SigningSecret(key: SymmetricKey(data: bytes), until: item["until"]?.int64))
        }
        return secrets
    }

    func isActive(at now: Date) -> Bool {
        until.map { Double($0) / 1000 > now.timeIntervalSince1970 } ?? true
    }

    /// `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`.
    func signature(id: String, timestamp: String, body: Data) -> String {
        let signed = Data("\(id).\(timestamp).".utf8) + body
        return "v1," + Data(HMAC<SHA256>.authenticationCode(for: signed, using: key)).base64EncodedString()
    }
}
