/// JSON Schemas for tools, built from the OpenAPI document's request schemas so a tool and its route describe the
/// same input once.
enum ToolSchema {
    /// A closed object schema: no properties beyond those listed.
    static func object(required: [String], _ properties: [String: JSONValue]) -> JSONValue {
        ["type": "object", "required": .array(required.map(JSONValue.string)), "properties": .object(properties), "additionalProperties": false]
    }

    /// The OpenAPI schema `name` with its references inlined (a tool's schema stands alone), closed, with `extra`
    /// properties added (and `removing` taken away).
    static func extending(_ name: String, with extra: [String: JSONValue] = [:], removing: Set<String> = []) -> JSONValue {
        let schema = inlined(OpenAPISchemas.all[name] ?? [:]).objectValue ?? [:]
        var properties = schema["properties"]?.objectValue ?? [:]
        properties.merge(extra) { _, new in new }
        for name in removing { properties[name] = nil }
        var required: [String] = []
        if case .array(let names)? = schema["required"] { required = names.compactMap(\.stringValue) }
        return object(required: required.filter { properties[$0] != nil }, properties)
    }

    private static let referencePrefix = "#/components/schemas/"

    /// `schema` with every `$ref` to a component replaced by the component itself.
    static func inlined(_ schema: JSONValue) -> JSONValue {
        switch schema {
        case .object(let members):
            if let reference = members["$ref"]?.stringValue, reference.hasPrefix(referencePrefix) {
                return inlined(OpenAPISchemas.all[String(reference.dropFirst(referencePrefix.count))] ?? [:])
            }
            return .object(members.mapValues(inlined))
        case .array(let items):
            return .array(items.map(inlined))
        default:
            return schema
        }
    }
}
