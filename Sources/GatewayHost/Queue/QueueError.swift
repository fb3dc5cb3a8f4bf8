/// A queue backend failure. `unavailable` means the backend cannot be reached (the API answers 503 and workers wait);
/// `failed` means it answered with an error.
package struct QueueError: Error, CustomStringConvertible, Sendable {
    package struct Code: Hashable, Sendable {
        private let name: String

        package static let unavailable = Code(name: "unavailable")
        package static let failed = Code(name: "failed")
    }

    package let code: Code
    package let message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
