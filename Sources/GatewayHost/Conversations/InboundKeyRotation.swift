import Foundation

/// Re-seals inbound data under the vault's current key as part of `gateway keys rotate`: contacts' addresses (with
/// their blind index recomputed, so lookups keep finding them once the old key is gone), names, stored content and
/// open turns. Rows that change meanwhile are written by their writer under the current key; rows no key opens are
/// counted and left.
enum InboundKeyRotation {
    static let batch = 200

    static func reseal(columns: any SealedColumnStore, vault: Vault) async throws -> ResealCounts {
        var counts = ResealCounts()
        let current = vault.keys.current.id
        for column in SealedColumn.allCases {
            var after = ""
            while true {
                let rows = try await columns.sealedValues(column, notUnder: current, after: after, limit: batch)
                for row in rows {
                    guard let (value, index) = resealed(row, column, vault: vault) else {
                        counts.unreadable += 1
                        continue
                    }
                    if value != row.value, try await columns.replaceSealedValue(column, id: row.id, value: value, index: index, ifStill: row.value) {
                        counts.resealed += 1
                    }
                }
                guard rows.count == batch, let last = rows.last else { break }
                after = last.id
            }
        }
        return counts
    }

    /// The value under the current key (an array re-sealed element by element), and a contact address's new index.
    private static func resealed(_ row: SealedValue, _ column: SealedColumn, vault: Vault) -> (String, Vault.BlindIndex?)? {
        let context = ContactSealing.context(row.clientID, column.sealedAs)
        func reseal(_ sealed: String) -> (sealed: String, plain: Data)? {
            guard let plain = try? vault.open(sealed, context: context), let again = try? vault.seal(plain, context: context) else { return nil }
            return (again, plain)
        }
        guard column.holdsArray else {
            guard let (sealed, plain) = reseal(row.value) else { return nil }
            let index =
                column == .contactAddress ? vault.blindIndex(String(decoding: plain, as: UTF8.self), purpose: ContactSealing.addressPurpose) : nil
            return (sealed, index)
        }
        guard let items = try? JSONDecoder().decode([String].self, from: Data(row.value.utf8)) else { return nil }
        var resealedItems: [String] = []
        for item in items {
            guard let (sealed, _) = reseal(item) else { return nil }
            resealedItems.append(sealed)
        }
        return (JSONValue.array(resealedItems.map(JSONValue.string)).jsonText, nil)
    }
}
