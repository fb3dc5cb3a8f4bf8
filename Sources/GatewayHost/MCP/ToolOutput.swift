import Foundation

/// A tool's answer as JSON, from the same types the REST routes answer.
enum ToolOutput {
    static func json(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}
