import Foundation

/// Sealing the secret fields of an integration config. A secret field's whole JSON value is sealed, so a secret need
/// not be a string; the ciphertext is bound to the client and the field name. Only the fields an integration lists as
/// sealed are ever opened: a plain value that happens to look like a ciphertext stays plain.
extension Vault {
    /// `config` with each field named in `secretFields` replaced by its ciphertext.
    package func sealSecrets(_ config: [String: JSONValue], secretFields: Set<String>, clientID: String) throws(VaultError) -> [String: JSONValue] {
        var sealed = config
        for (name, value) in config where secretFields.contains(name) && value != .null {
            sealed[name] = .string(try seal(Self.encode(value), context: Self.context(clientID: clientID, field: name)))
        }
        return sealed
    }

    /// `config` with the ciphertexts of `secretFields` opened: what the plugin is created with.
    package func openSecrets(_ config: [String: JSONValue], secretFields: [String], clientID: String) throws(VaultError) -> [String: JSONValue] {
        var opened = config
        for name in secretFields {
            guard case .string(let text) = config[name] else { continue }
            let plaintext = try open(text, context: Self.context(clientID: clientID, field: name))
            guard let decoded = try? JSONDecoder().decode(JSONValue.self, from: plaintext) else {
                throw VaultError(.malformed, "the secret field '\(name)' does not hold JSON")
            }
            opened[name] = decoded
        }
        return opened
    }

    /// The integration's config with its secrets opened.
    package func openSecrets(of record: IntegrationRecord) throws -> [String: JSONValue] {
        try openSecrets(try record.configFields(), secretFields: record.secretFields, clientID: record.clientID)
    }

    /// `config` with every ciphertext of `secretFields` not under the current key sealed again under it; nil when
    /// none needed it.
    package func resealSecrets(_ config: [String: JSONValue], secretFields: [String], clientID: String) throws(VaultError) -> [String: JSONValue]? {
        let current = keys.current.id
        var resealed = config
        var changed = false
        for name in secretFields {
            guard case .string(let text) = config[name], Self.keyID(of: text) != current else { continue }
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
