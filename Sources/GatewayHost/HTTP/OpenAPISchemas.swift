/// JSON schemas of the gateway's responses, for the OpenAPI document.
enum OpenAPISchemas {
    static let all: [String: JSONValue] = [
        "ErrorEnvelope": object(
            required: ["success", "error", "error_code", "details", "timestamp"],
            [
                "success": .object(["const": .bool(false)]), "error": string, "error_code": string,
                "details": .object(["type": .string("object")]), "timestamp": .object(["type": .string("string"), "format": .string("date-time")]),
            ]
        ),
        "Health": object(
            required: ["status", "plugins"],
            [
                "status": string,
                "plugins": object(
                    required: ["status", "loaded", "refused", "quarantined"],
                    ["status": string, "loaded": integer, "refused": integer, "quarantined": .object(["type": .string("array"), "items": string])]
                ),
            ]
        ),
        "PluginList": object(
            required: ["plugins", "errors"],
            [
                "plugins": array(
                    object(required: ["manifest", "path", "state"], ["manifest": .object(["$ref": .string("#/components/schemas/Manifest")]), "path": string, "state": string])
                ),
                "errors": array(object(required: ["path", "code", "message"], ["path": string, "code": string, "message": string])),
            ]
        ),
        "Manifest": object(
            required: ["id", "name", "version", "kind", "ops", "config", "webhook", "thread_safe"],
            [
                "id": string, "name": string, "version": string, "kind": string, "ops": array(string),
                "config": array(object(required: ["name", "type", "required", "secret"], ["name": string, "type": string, "required": boolean, "secret": boolean, "description": string, "example": .object([:])])),
                "webhook": boolean, "thread_safe": boolean,
            ]
        ),
        "OpenAPI": .object(["type": .string("object"), "description": .string("this document")]),
    ]

    private static let string = JSONValue.object(["type": .string("string")])
    private static let integer = JSONValue.object(["type": .string("integer")])
    private static let boolean = JSONValue.object(["type": .string("boolean")])

    private static func array(_ items: JSONValue) -> JSONValue {
        .object(["type": .string("array"), "items": items])
    }

    private static func object(required: [String], _ properties: [String: JSONValue]) -> JSONValue {
        .object(["type": .string("object"), "required": .array(required.map(JSONValue.string)), "properties": .object(properties)])
    }
}
