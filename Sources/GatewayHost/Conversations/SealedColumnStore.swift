/// Key rotation's reads and writes of sealed inbound columns (operator work, every client).
package protocol SealedColumnStore: Sendable {
    func sealedValues(_ column: SealedColumn, notUnder keyID: String, after afterID: String, limit: Int) async throws -> [SealedValue]
    /// Replaces one sealed value unless it is no longer `expected`; true when replaced.
    func replaceSealedValue(
        _ column: SealedColumn, id: String, value: String, index: Vault.BlindIndex?, ifStill expected: String
    ) async throws -> Bool
}
