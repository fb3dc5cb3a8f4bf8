import Foundation
import HTTPTypes
import MCP

/// A tool call's arguments, checked against the names the tool's schema declares and decoded into the same request
/// types the REST routes take, so a tool and its route refuse the same input the same way.
struct ToolArguments: Sendable {
    let values: [String: JSONValue]

    /// Refuses an argument the tool does not take: a misspelt optional argument would otherwise be silently ignored.
    init(_ arguments: [String: Value], allowed: Set<String>) throws {
        if let unknown = arguments.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw GatewayError(
                .unprocessableContent, .validationError,
                "this tool takes no argument '\(unknown.prefix(64))' (it takes \(allowed.sorted().joined(separator: ", ")))",
                details: ["field": .string(String(unknown.prefix(64)))]
            )
        }
        values = try JSONDecoder().decode([String: JSONValue].self, from: JSONEncoder().encode(arguments))
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: JSONEncoder().encode(values))
    }
}
