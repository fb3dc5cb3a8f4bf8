/// The keys the vault can open secrets with; `current` seals new ones. Old keys stay until a rotation has
/// re-encrypted everything under the current key.
package struct Keyring: Sendable {
    package let current: EncryptionKey
    package let previous: [EncryptionKey]

    package init(current: EncryptionKey, previous: [EncryptionKey] = []) {
        self.current = current
        self.previous = previous.filter { $0.id != current.id }
    }

    package var ids: [String] { [current.id] + previous.map(\.id) }

    func key(id: String) -> EncryptionKey? {
        id == current.id ? current : previous.first { $0.id == id }
    }
}
