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
