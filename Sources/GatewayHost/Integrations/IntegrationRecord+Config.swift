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

    /// A column holding a JSON array of strings (`secret_fields`, `fallback_ids`).
    package static func listText(_ items: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(items)) ?? Data("[]".utf8), as: UTF8.self)
    }

    package static func list(fromText text: String, column: String) throws(StoreError) -> [String] {
        guard let items = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw StoreError(.corrupt, "an integration's \(column) is not a JSON array of strings")
        }
        return items
    }

    /// The column text for `fields`: compact, keys sorted.
    package static func configText(_ fields: [String: JSONValue]) -> String {
        JSONValue.object(fields).jsonText
    }
}
