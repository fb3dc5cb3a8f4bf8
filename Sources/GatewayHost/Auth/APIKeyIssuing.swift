import Foundation

/// Issuing an API key, for `POST /api/keys` and the console alike: the whole key exists only in the answer; the store
/// keeps its hash.
extension CredentialStore {
    /// How long a key's name may be, in characters (the OpenAPI document states it too).
    static var keyNameLengths: ClosedRange<Int> { 1...100 }

    /// A new key for the client named `name`, or nil when the name is not 1 to 100 characters: its record and the key.
    func issueAPIKey(clientID: String, name: String, actor: String, at now: Date) async throws -> (record: APIKeyRecord, key: String)? {
        guard Self.keyNameLengths.contains(TextRules.length(name)) else { return nil }
        let credential = APIKeyCredential.generate()
        let record = APIKeyRecord(id: credential.id, clientID: clientID, name: name, keyHash: credential.hash, createdAt: now)
        try await createAPIKey(record, actor: actor)
        return (record, credential.text)
    }
}
