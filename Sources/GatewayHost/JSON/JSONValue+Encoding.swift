import Foundation

extension JSONValue {
    /// The JSON `value` encodes to.
    package init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}
