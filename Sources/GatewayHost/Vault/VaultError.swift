/// Why the vault could not seal or open a secret. Messages name key ids, never key material or plaintext.
package struct VaultError: Error, Sendable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        package var description: String { name }

        /// A key that is not base64 of 32 bytes, or a key file that cannot be read or written.
        package static let badKey = Code(name: "bad_key")
        /// The ciphertext names a key the keyring does not have.
        package static let unknownKey = Code(name: "unknown_key")
        /// The ciphertext does not authenticate under its key: the wrong key, or altered data.
        package static let authenticationFailed = Code(name: "authentication_failed")
        /// Not a vault ciphertext at all.
        package static let malformed = Code(name: "malformed")
    }

    package let code: Code
    package let message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
