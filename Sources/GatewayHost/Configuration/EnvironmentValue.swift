/// Reading one typed value from the environment; a malformed value is an error naming its key, never the default.
enum EnvironmentValue {
    static func integer(_ key: String, _ environment: [String: String], in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let text = environment[key] else { return nil }
        guard let value = Int(text), range.contains(value) else { throw ConfigurationError(key: key, value: text) }
        return value
    }
}
