import Foundation

/// Random values from the system's secure generator.
enum RandomToken {
    static func bytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// `count` random bytes as unpadded base64url: safe in a header, a URL path and a JSON string.
    static func base64URL(bytes count: Int) -> String {
        bytes(count).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
