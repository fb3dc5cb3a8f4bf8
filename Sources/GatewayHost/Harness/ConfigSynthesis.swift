package import Foundation

/// Configs the harness builds from a manifest: the examples, and the examples with one field of the wrong type.
package enum ConfigSynthesis {
    /// Every field's example; nil when a field has none.
    package static func exampleConfig(_ manifest: PluginManifest) -> [String: JSONValue]? {
        var config: [String: JSONValue] = [:]
        for field in manifest.config {
            guard let example = field.example else { return nil }
            config[field.name] = example
        }
        return config
    }

    /// A value of a different JSON type than `type`.
    static func wrongValue(for type: String) -> JSONValue {
        switch type {
        case "string": .integer(12345)
        case "integer", "number": .string("not-a-number")
        case "boolean": .string("not-a-boolean")
        case "array": .object([:])
        default: .array([])
        }
    }

    package static func encode(_ config: [String: JSONValue]) -> Data {
        (try? JSONEncoder().encode(config)) ?? Data("{}".utf8)
    }
}
