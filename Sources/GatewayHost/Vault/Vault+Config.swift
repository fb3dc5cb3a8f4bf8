import Foundation

/// Sealing the secret fields of an integration config. A secret field's whole JSON value is sealed, so a secret need
/// not be a string; the ciphertext is bound to the client and the field name.
extension Vault {
    /// `config` with each field named in `secretFields` replaced by its ciphertext.
    package func sealSecrets(_ config: [String: JSONValue], secretFields: Set<String>, clientID: String) throws(VaultError) -> [String: JSONValue] {
        var sealed = config
        for (name, value) in config where secretFields.contains(name) && value != .null {
            sealed[name] = .string(try seal(Self.encode(value), context: Self.context(clientID: clientID, field: name)))
        }
        return sealed
    }

    /// `config` with every ciphertext opened: what the plugin is created with.
    package func openSecrets(_ config: [String: JSONValue], clientID: String) throws(VaultError) -> [String: JSONValue] {
        var opened = config
        for (name, value) in config {
            guard case .string(let text) = value, Self.isSealed(text) else { continue }
            let plaintext = try open(text, context: Self.context(clientID: clientID, field: name))
            guard let decoded = try? JSONDecoder().decode(JSONValue.self, from: plaintext) else {
                throw VaultError(.malformed, "the secret field '\(name)' does not hold JSON")
            }
            opened[name] = decoded
        }
        return opened
    }

    /// `config` with every ciphertext not under the current key sealed again under it; nil when none needed it.
    package func resealSecrets(_ config: [String: JSONValue], clientID: String) throws(VaultError) -> [String: JSONValue]? {
        let current = keys.current.id
        var resealed = config
        var changed = false
        for (name, value) in config {
            guard case .string(let text) = value, let keyID = Self.keyID(of: text), keyID != current else { continue }
            let context = Self.context(clientID: clientID, field: name)
            resealed[name] = .string(try seal(try open(text, context: context), context: context))
            changed = true
        }
        return changed ? resealed : nil
    }

    private static func context(clientID: String, field: String) -> String {
        "gateway/client/\(clientID)/field/\(field)"
    }

    private static func encode(_ value: JSONValue) -> Data {
        // Encoding a JSONValue cannot fail: it holds only JSON.
        (try? JSONEncoder().encode(value)) ?? Data("null".utf8)
    }
}
