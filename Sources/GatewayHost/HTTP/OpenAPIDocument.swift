import HTTPTypes

/// The OpenAPI 3.1 document of every registered route, served at `/openapi.json`. Each route's 200 response refers to
/// a schema in `OpenAPISchemas`; every route documents the error envelope as its other responses.
enum OpenAPIDocument {
    static func build(_ routes: [RouteTable.Route]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for route in routes {
            var operations: [String: JSONValue] = [:]
            if case .object(let existing) = paths[route.path] { operations = existing }
            operations[route.method.rawValue.lowercased()] = operation(route)
            paths[route.path] = .object(operations)
        }
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object([
                "title": .string("gateway"), "version": .string("0.1.0"),
                "description": .string("Integrations gateway for AI agents on WhatsApp and email."),
            ]),
            "paths": .object(paths),
            "components": .object([
                "schemas": .object(OpenAPISchemas.all),
                "securitySchemes": .object([
                    "bearer": .object([
                        "type": .string("http"), "scheme": .string("bearer"),
                        "description": .string("A JWT from `gateway token issue`, or an API key (gwk_...) from POST /api/keys"),
                    ])
                ]),
            ]),
        ])
    }

    private static func operation(_ route: RouteTable.Route) -> JSONValue {
        var parameters: [JSONValue] = route.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { segment in
            .object([
                "name": .string(String(segment.dropFirst().dropLast())), "in": .string("path"), "required": .bool(true),
                "schema": .object(["type": .string("string")]),
            ])
        }
        if route.access == .tenant {
            parameters.append(
                .object([
                    "name": .string("client_id"), "in": .string("query"), "required": .bool(false), "schema": .object(["type": .string("string")]),
                    "description": .string("admins only: the client to act for"),
                ])
            )
        }
        var operation: [String: JSONValue] = [
            "summary": .string(route.summary),
            "operationId": .string(operationId(route)),
            "responses": .object([
                String(route.successStatus.code): .object([
                    "description": .string(route.successStatus.reasonPhrase), "content": json(ref: route.response),
                ]),
                "default": .object(["description": .string("Error envelope"), "content": json(ref: "ErrorEnvelope")]),
            ]),
        ]
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let request = route.request { operation["requestBody"] = .object(["required": .bool(true), "content": json(ref: request)]) }
        if route.access != .public { operation["security"] = .array([.object(["bearer": .array([])])]) }
        return .object(operation)
    }

    private static func json(ref schema: String) -> JSONValue {
        .object(["application/json": .object(["schema": .object(["$ref": .string("#/components/schemas/\(schema)")])])])
    }

    /// `getApiPlugins` from `GET /api/plugins`.
    private static func operationId(_ route: RouteTable.Route) -> String {
        let words = route.path.split(whereSeparator: { "/{}-_".contains($0) }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return route.method.rawValue.lowercased() + words.joined()
    }
}
