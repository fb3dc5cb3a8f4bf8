extension JSONValue {
    /// The text of a string value; nil for any other value.
    package var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
