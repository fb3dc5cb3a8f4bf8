import HTTPTypes

/// The OpenAPI 3.1 document of every registered route, served at `/openapi.json`. Each route's 200 response refers to
/// a schema in `OpenAPISchemas`; every route documents the error envelope as its other responses. The configure
/// routes' bodies follow the loaded `providers`' manifests.
enum OpenAPIDocument {
    static func build(_ routes: [RouteTable.Route], providers: [PluginManifest]) -> JSONValue {
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
                "schemas": .object(OpenAPISchemas.all.merging(ConfigureSchemas.all(providers: providers)) { $1 }),
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
        var success: [String: JSONValue] = ["description": .string(route.successStatus.reasonPhrase), "content": content(ref: route.response)]
        if let links = OpenAPILinks.all["\(route.method.rawValue) \(route.path)"] {
            success["links"] = .object(
                Dictionary(
                    uniqueKeysWithValues: links.map { link in
                        let target = link.target.split(separator: " ", maxSplits: 1).map(String.init)
                        let operationId = operationId(method: target[0], path: target[1])
                        return (operationId, .object(["operationId": .string(operationId), "parameters": .object(["id": .string(link.id)])]))
                    }))
        }
        var responses: [String: JSONValue] = [
            String(route.successStatus.code): .object(success),
            "default": .object(["description": .string("Error envelope"), "content": content(ref: "ErrorEnvelope")]),
        ]
        if route.response == "JSONRPCMessage" {
            // MCP's transport answers a notification or a response 202 with no body, and a message it cannot read with
            // a JSON-RPC error; authentication, limits and Origin still answer the envelope.
            responses["202"] = .object(["description": .string("a notification or response, accepted")])
            responses["default"] = .object([
                "description": .string("Error envelope, or a JSON-RPC error"),
                "content": .object([
                    "application/json": .object([
                        "schema": .object(["oneOf": .array(["ErrorEnvelope", "JSONRPCError"].map { .object(["$ref": .string(ref($0))]) })])
                    ])
                ]),
            ])
        }
        var operation: [String: JSONValue] = [
            "summary": .string(route.summary),
            "operationId": .string(operationId(method: route.method.rawValue, path: route.path)),
            "responses": .object(responses),
        ]
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let request = route.request { operation["requestBody"] = .object([
                "required": .bool(!OpenAPISchemas.optionalBodies.contains(request)), "content": content(ref: request),
            ]) }
        if route.access != .public { operation["security"] = .array([.object(["bearer": .array([])])]) }
        return .object(operation)
    }

    /// The body of `schema`, in the media type it is sent as.
    private static func content(ref schema: String) -> JSONValue {
        .object([OpenAPISchemas.mediaTypes[schema] ?? "application/json": .object(["schema": .object(["$ref": .string(ref(schema))])])])
    }

    private static func ref(_ schema: String) -> String { "#/components/schemas/\(schema)" }

    /// `getApiPlugins` from `GET /api/plugins`.
    private static func operationId(method: String, path: String) -> String {
        let words = path.split(whereSeparator: { "/{}-_".contains($0) }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
        return method.lowercased() + words.joined()
    }
}
