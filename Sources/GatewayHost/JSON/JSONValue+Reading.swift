import Foundation

extension JSONValue {
    /// The value `text` holds as JSON; nil when it is not JSON (the reverse of `jsonText`).
    package init?(jsonText text: String) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { return nil }
        self = value
    }
}
