extension JSONValue {
    /// The text of a string value; nil for any other value.
    package var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

extension JSONValue {
    /// The member `key` of an object; nil for a missing member or a value that is not an object.
    package subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The members of an object value; nil for any other value.
    package var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }
}

extension JSONValue {
    /// The number of an integer value; nil for any other value.
    package var intValue: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}

extension JSONValue {
    /// The items of an array value; nil for any other value.
    package var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

extension JSONValue {
    /// How deeply arrays and objects nest: 0 for a scalar, 1 for a flat array or object. Free-form tenant JSON is
    /// bounded by it where it enters, so nothing that walks it later recurses without end.
    package var nesting: Int {
        switch self {
        case .array(let items): 1 + (items.map(\.nesting).max() ?? 0)
        case .object(let members): 1 + (members.values.map(\.nesting).max() ?? 0)
        case .null, .bool, .integer, .number, .string: 0
        }
    }
}
