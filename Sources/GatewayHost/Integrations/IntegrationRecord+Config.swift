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

    /// The column text for `fields`.
    package static func configText(_ fields: [String: JSONValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding JSONValues cannot fail: they hold only JSON.
        return String(decoding: (try? encoder.encode(fields)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
