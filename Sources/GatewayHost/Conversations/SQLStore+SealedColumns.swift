import Foundation

/// Key rotation's reads and writes of sealed inbound columns (operator work, every client).
extension SQLStore: SealedColumnStore {
    /// Up to `limit` rows after `afterID` whose column holds a ciphertext that is not under `keyID`.
    package func sealedValues(_ column: SealedColumn, notUnder keyID: String, after afterID: String, limit: Int) async throws -> [SealedValue] {
        // An array may mix keys: every row that holds one is re-sealed.
        let (stale, parameters): (String, [SQLValue]) =
            column.holdsArray
            ? ("\(column.column) LIKE '%gwenc:v1:%'", [.text(afterID), .integer(Int64(limit))])
            : ("\(column.column) NOT LIKE $3", [.text(afterID), .integer(Int64(limit)), .text(Vault.sealedPrefix(keyID: keyID) + "%")])
        return try await database.transaction(.system) { connection in
            try connection.query(
                """
                SELECT id, client_id, \(column.column) AS value FROM \(column.table)
                WHERE id > $1 AND \(column.column) IS NOT NULL AND \(stale) ORDER BY id LIMIT $2
                """,
                parameters
            ).map { row in SealedValue(id: try row.string("id"), clientID: try row.string("client_id"), value: try row.string("value")) }
        }
    }

    /// Writes a row's re-sealed value (and, for a contact's address, its index under the new key) unless it changed
    /// meanwhile; true when written.
    package func replaceSealedValue(
        _ column: SealedColumn, id: String, value: String, index: Vault.BlindIndex?, ifStill expected: String
    ) async throws -> Bool {
        let indexUpdate = index == nil ? "" : ", address_index = $4, index_key_id = $5"
        return try await database.transaction(.system) { connection in
            !(try connection.query(
                "UPDATE \(column.table) SET \(column.column) = $1\(indexUpdate) WHERE id = $2 AND \(column.column) = $3 RETURNING id",
                [.text(value), .text(id), .text(expected)] + (index.map { [.text($0.value), .text($0.keyID)] } ?? [])
            )).isEmpty
        }
    }
}
