import Foundation

/// The stored `config` column as fields: read and written here only, so every reader agrees on its form (a JSON
/// object with sorted keys; secret fields hold vault ciphertexts).
extension IntegrationRecord {
    /// The config's fields; a column that is not a JSON object is a corrupt store.
    package func configFields() throws(StoreError) -> [String: JSONValue] {
        do {
            return try JSONDecoder().decode([String: JSONValue].self, from: Data(config.utf8))
        } catch {
            throw StoreError(.corrupt, "the config of integration \(id) is not a JSON object")
        }
    }

    /// The `secret_fields` column: a JSON array of names.
    package static func secretFieldsText(_ names: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(names.sorted())) ?? Data("[]".utf8), as: UTF8.self)
    }

    package static func secretFields(fromText text: String) throws(StoreError) -> [String] {
        guard let names = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw StoreError(.corrupt, "an integration's secret_fields is not a JSON array of names")
        }
        return names
    }

    /// The column text for `fields`: compact, keys sorted.
    package static func configText(_ fields: [String: JSONValue]) -> String {
        JSONValue.object(fields).jsonText
    }
}
