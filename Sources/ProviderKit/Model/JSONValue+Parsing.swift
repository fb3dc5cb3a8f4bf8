public import Foundation

extension JSONValue {
    /// Parses a JSON document (a fragment too) into the same value `JSONDecoder` gives, read straight from the bytes
    /// (`JSONReader`): `init(from:)` can only try each kind in turn, and every miss throws, and JSONSerialization builds
    /// Foundation objects first. Webhook bodies are parsed on every delivery.
    /// Of a repeated key the last value is kept, where `JSONDecoder` keeps the first.
    public init(json data: Data) throws {
        self = try data.withUnsafeBytes { bytes throws(JSONReader.Malformed) in try JSONReader.read(bytes) }
    }
}
