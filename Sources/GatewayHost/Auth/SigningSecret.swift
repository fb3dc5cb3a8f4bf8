import Foundation
package import Logging

/// The HS256 secret: `GATEWAY_JWT_SECRET`, or on an embedded install a file in the data directory generated once
/// (mode 0600).
package enum SigningSecret {
    package static func load(_ configuration: GatewayConfiguration, logger: Logger) throws -> String {
        if let secret = configuration.jwtSecret { return secret }
        guard configuration.isEmbedded else {
            throw AuthSetupError("DATABASE_URL is set: configure GATEWAY_JWT_SECRET (every process must verify the same tokens)")
        }
        let path = URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("jwt.secret").path
        if let existing = try? String(contentsOfFile: path, encoding: .utf8) {
            return existing.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try PrivateFile.makeDirectory(configuration.dataDirectory)
        var generator = SystemRandomNumberGenerator()
        let secret = Data((0..<48).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64EncodedString()
        let created: Bool
        do {
            created = try PrivateFile.create(Data((secret + "\n").utf8), at: path)
        } catch {
            throw AuthSetupError(error.description)
        }
        guard created else { return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }
        logger.notice("generated the token signing secret", metadata: ["auth.secret_file": "\(path)"])
        return secret
    }
}
