import Foundation

/// The JSON-RPC 2.0 shape an MCP message must have before the SDK sees it. The SDK's stateless transport waits for an
/// answer to anything with an `id`, and takes a message whose `id` is not a string or integer for a notification; such
/// a message would hang the request or be swallowed, so it is refused here with JSON-RPC's "Invalid Request".
enum JSONRPCShape {
    /// Why `body` is not one JSON-RPC request, notification or response, or nil when it is.
    static func problem(_ body: Data) -> String? {
        guard case .object(let message)? = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            return "the body is not one JSON-RPC message (an object)"
        }
        guard message["jsonrpc"] == .string("2.0") else { return "jsonrpc must be \"2.0\"" }
        switch message["id"] {
        case nil, .string?, .integer?: break
        default: return "id must be a string or an integer"
        }
        let answers = ["result", "error"].filter { message[$0] != nil }
        if let method = message["method"] {
            guard case .string = method else { return "method must be a string" }
            return answers.isEmpty ? nil : "a request has no result or error"
        }
        guard message["id"] != nil, answers.count == 1 else { return "a message needs a method, or an id with a result or an error" }
        return nil
    }

    /// The answer to a message `problem` refused: JSON-RPC error -32600, with no id to echo.
    static func invalidRequest(_ reason: String) -> Data {
        let answer: JSONValue = .object([
            "jsonrpc": .string("2.0"), "id": .null,
            "error": .object(["code": .integer(-32_600), "message": .string("Invalid Request: \(reason)")]),
        ])
        return (try? JSONEncoder().encode(answer)) ?? Data()
    }
}
