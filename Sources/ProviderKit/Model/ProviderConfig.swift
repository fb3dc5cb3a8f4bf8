import Foundation

/// A config whose fields have been checked against the manifest: every required field is present and every
/// value has its declared type, so the typed accessors only fail for a provider's own value rules.
public struct ProviderConfig: Sendable {
    public let values: [String: JSONValue]

    /// Validates `values` against `fields`; the first offending field is named in the error.
    public init(values: [String: JSONValue], fields: [ConfigField]) throws(ProviderError) {
        for field in fields {
            guard let value = values[field.name], value != .null else {
                if field.required { throw .invalid("config field '\(field.name)' is required", field: field.name) }
                continue
            }
            guard Self.value(value, hasType: field.type) else {
                throw .invalid("config field '\(field.name)' must be of type \(field.type.rawValue)", field: field.name)
            }
        }
        self.values = values
    }

    public func string(_ name: String) -> String? {
        if case .string(let value) = values[name] { return value }
        return nil
    }

    public func integer(_ name: String) -> Int64? {
        if case .integer(let value) = values[name] { return value }
        return nil
    }

    public func bool(_ name: String) -> Bool? {
        if case .bool(let value) = values[name] { return value }
        return nil
    }

    /// A required string field, non-empty.
    public func requiredString(_ name: String) throws(ProviderError) -> String {
        guard let value = string(name), !value.isEmpty else { throw .invalid("config field '\(name)' must not be empty", field: name) }
        return value
    }

    /// An http(s) base URL field without its trailing `/` (paths are appended to it); `fallback` when the field is
    /// absent, required when there is none.
    public func baseURL(_ name: String, fallback: String? = nil) throws(ProviderError) -> String {
        let raw: String
        if let fallback {
            raw = string(name) ?? fallback
        } else {
            raw = try requiredString(name)
        }
        guard let url = URL(string: raw), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw .invalid("\(name) must be an http(s) URL", field: name)
        }
        return raw.hasSuffix("/") ? String(raw.dropLast()) : raw
    }

    private static func value(_ value: JSONValue, hasType type: ConfigField.FieldType) -> Bool {
        switch (type, value) {
        case (.string, .string), (.integer, .integer), (.number, .number), (.number, .integer), (.boolean, .bool),
            (.array, .array), (.object, .object):
            true
        default:
            false
        }
    }
}
