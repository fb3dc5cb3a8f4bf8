import Foundation

/// How a contact's data is sealed: each value bound to its client and what it is (a ciphertext moved to another
/// client or column does not open), and the blind index purpose of addresses.
enum ContactSealing {
    static let addressPurpose = "contact address"

    static func context(_ clientID: String, _ what: String) -> String {
        "contact.\(what):\(clientID)"
    }

    /// Opens a sealed value of `clientID`; nil when it cannot be opened (the key is gone).
    static func open(_ sealed: String?, _ what: String, clientID: String, vault: Vault) -> String? {
        guard let sealed, let data = try? vault.open(sealed, context: context(clientID, what)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
