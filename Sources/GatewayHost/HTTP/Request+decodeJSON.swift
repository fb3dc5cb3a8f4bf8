import Foundation
public import Hummingbird

extension Request {
    /// Decodes a JSON body, leaving a `DecodingError` intact so the error envelope can name the field at fault
    /// (Hummingbird's own `decode(as:)` flattens it into a message). The body is capped at `context.maxUploadSize`.
    public func decodeJSON<T: Decodable>(as type: T.Type, context: some RequestContext) async throws -> T {
        let body = try await body.collect(upTo: context.maxUploadSize)
        return try JSONDecoder().decode(type, from: Data(body.readableBytesView))
    }
}
