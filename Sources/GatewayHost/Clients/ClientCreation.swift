import Foundation

/// What creating a client came to.
enum ClientCreation {
    case created(ClientRecord)
    /// The id breaks `ClientID`'s rule.
    case invalidID
    /// A client with that id exists.
    case exists
}

/// Creating a client, for `POST /api/clients` and the console alike.
extension ClientStore {
    func createClient(id: String, name: String, actor: String, at now: Date) async throws -> ClientCreation {
        guard ClientID.isValid(id) else { return .invalidID }
        let record = ClientRecord(id: id, name: name, createdAt: now)
        do {
            try await createClient(record, actor: actor)
        } catch let error as StoreError where error.code == .conflict {
            return .exists
        }
        return .created(record)
    }
}
