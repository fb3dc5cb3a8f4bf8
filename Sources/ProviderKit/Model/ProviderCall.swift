public import Foundation

/// One `invoke`: the op, its raw JSON input and the call's context.
public struct ProviderCall {
    public let op: String
    public let input: Data
    public let context: CallContext

    /// Decodes the input JSON; a missing or wrong-typed field becomes `INVALID` naming that field.
    public func decode<T: Decodable>(_ type: T.Type) throws(ProviderError) -> T {
        do {
            return try JSONDecoder().decode(type, from: input.isEmpty ? Data("{}".utf8) : input)
        } catch let error as DecodingError {
            throw ProviderError.invalid(from: error)
        } catch {
            throw .invalid("input is not valid JSON")
        }
    }
}

extension ProviderError {
    /// An `INVALID` error naming the field a decoder stumbled on.
    static func invalid(from error: DecodingError) -> ProviderError {
        switch error {
        case .keyNotFound(let key, let context):
            let field = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            return .invalid("field '\(field)' is required", field: field)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return .invalid("field '\(field)' has the wrong type", field: field)
        case .dataCorrupted(let context):
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return field.isEmpty ? .invalid("input is not valid JSON") : .invalid("field '\(field)' is malformed", field: field)
        @unknown default:
            return .invalid("input is not valid")
        }
    }
}
