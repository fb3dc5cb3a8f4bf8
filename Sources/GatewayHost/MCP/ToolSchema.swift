/// JSON Schemas for tools, built from the OpenAPI document's request schemas so a tool and its route describe the
/// same input once.
enum ToolSchema {
    /// A closed object schema: no properties beyond those listed.
    static func object(required: [String], _ properties: [String: JSONValue]) -> JSONValue {
        ["type": "object", "required": .array(required.map(JSONValue.string)), "properties": .object(properties), "additionalProperties": false]
    }

    /// The OpenAPI request schema `name`, closed, with `extra` properties added (and `removing` taken away).
    static func extending(_ name: String, with extra: [String: JSONValue] = [:], removing: Set<String> = []) -> JSONValue {
        let schema = OpenAPISchemas.all[name]?.objectValue ?? [:]
        var properties = schema["properties"]?.objectValue ?? [:]
        properties.merge(extra) { _, new in new }
        for name in removing { properties[name] = nil }
        var required: [String] = []
        if case .array(let names)? = schema["required"] { required = names.compactMap(\.stringValue) }
        return object(required: required.filter { properties[$0] != nil }, properties)
    }
}
