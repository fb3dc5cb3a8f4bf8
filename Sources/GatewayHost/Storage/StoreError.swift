/// Why the store could not do what was asked. Callers compare `code`; `message` is for logs and never holds a secret
/// or a row's contents.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        package var description: String { name }

        /// The database cannot be reached or refused the connection.
        package static let unavailable = Code(name: "unavailable")
        /// A unique or foreign-key constraint refused the write.
        package static let conflict = Code(name: "conflict")
        /// A statement failed for another reason.
        package static let failed = Code(name: "failed")
        /// A stored value cannot be read back.
        package static let corrupt = Code(name: "corrupt")
    }

    package let code: Code
    package let message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "store \(code): \(message)" }
}
