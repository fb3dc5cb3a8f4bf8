import Foundation

/// `GET /docs`: the API reference as one HTML page, rendered from the server's own OpenAPI document (so it lists
/// exactly the routes served), with the seed's example bodies. Plain HTML and a little CSS: no script, no bundle.
enum APIReference {
    /// The seed's bodies, shown under their routes.
    static let examples: [String: String] = [
        "POST /api/integrations/whatsapp/configure":
            #"{"api_url": "https://api.uazapi.com/v1", "api_token": "...", "phone_number": "+5511999999999"}"#,
        "POST /api/integrations/email/configure": #"""
        {"provider": "smtp", "host": "smtp.gmail.com", "port": 587, "username": "contato@empresa.com", "password": "...", "use_tls": true, "from_email": "contato@empresa.com"}
        """#,
        "POST /api/integrations/database/configure":
            #"{"supabase_url": "https://xxx.supabase.co", "supabase_key": "...", "read_only": true, "allowed_tables": ["clientes", "pedidos"]}"#,
        "POST /api/integrations/whatsapp/send": #"{"phone": "+5511999999999", "message": "Olá! Como posso ajudar?"}"#,
        "POST /api/integrations/email/send":
            #"{"to": ["cliente@exemplo.com"], "subject": "Proposta Comercial", "body": "<h1>Olá!</h1><p>Segue nossa proposta...</p>", "cc": []}"#,
        "POST /api/triggers": #"""
        {"name": "Follow-up de Inatividade", "description": "Envia mensagem após 3 dias sem resposta", "trigger_type": "time_based",
         "trigger_config": {"delay_days": 3, "reference_field": "conversations.last_message_at"}, "condition_type": "field_equals",
         "condition_config": {"field": "conversations.status", "operator": "equals", "value": "open"}, "action_type": "send_message",
         "action_config": {"channel": "whatsapp", "template_id": "follow_up_1", "message": "Olá! Posso ajudar em algo?"}}
        """#,
        "PATCH /api/triggers/{id}/toggle": #"{"active": false}"#,
    ]

    static func html(_ document: JSONValue) -> String {
        let schemas = document["components"]?["schemas"]?.objectValue ?? [:]
        let paths = document["paths"]?.objectValue ?? [:]
        var sections: [String: [String]] = [:]
        for (path, operations) in paths.sorted(by: { $0.key < $1.key }) {
            for (method, operation) in (operations.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                sections[group(path), default: []].append(render(method.uppercased(), path, operation, schemas))
            }
        }
        let body = sections.sorted { $0.key < $1.key }.map { "<h2>\(escape($0.key))</h2>\n" + $0.value.joined(separator: "\n") }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>gateway API</title>
            <style>
            body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
            h2{border-bottom:1px solid #ccc;margin-top:2.5rem}section{margin:1.5rem 0}
            code,pre{font:13px ui-monospace,monospace;background:#f4f4f4}pre{padding:.6rem;overflow-x:auto;white-space:pre-wrap}
            .method{font-weight:bold;margin-right:.4rem}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
            </style></head><body>
            <h1>gateway API</h1>
            <p>Every route this server serves, from its <a href="/openapi.json">OpenAPI document</a>. Routes marked
            <em>authenticated</em> take <code>Authorization: Bearer</code> with a token or an API key; every error is the envelope
            <code>{"success": false, "error", "error_code", "details", "timestamp"}</code>.</p>
            \(body.joined(separator: "\n"))
            </body></html>
            """
    }

    /// `/api/integrations/...` under "integrations"; `/health/live` under "health".
    private static func group(_ path: String) -> String {
        let segments = path.split(separator: "/").map(String.init)
        return (segments.first == "api" ? segments.dropFirst().first : segments.first) ?? "/"
    }

    private static func render(_ method: String, _ path: String, _ operation: JSONValue, _ schemas: [String: JSONValue]) -> String {
        var html =
            "<section id=\"\(escape(method.lowercased() + path))\"><h3><span class=\"method\">\(method)</span><code>\(escape(path))</code></h3>"
        html += "<p>\(escape(operation["summary"]?.stringValue ?? ""))"
        html += operation["security"] != nil ? " <em>(authenticated)</em></p>" : "</p>"
        if let request = operation["requestBody"]?["content"]?["application/json"]?["schema"] {
            html += "<p>Body:</p>" + fields(request, schemas, depth: 0)
        }
        if let example = examples["\(method) \(path)"] { html += "<p>The seed's example:</p><pre>\(escape(example))</pre>" }
        for (status, response) in (operation["responses"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) where status != "default" {
            html += "<p>Answer \(escape(status)):</p>"
            if let schema = response["content"]?["application/json"]?["schema"] { html += fields(schema, schemas, depth: 0) }
        }
        return html + "</section>"
    }

    /// A schema as a table of its fields (nested objects two levels deep).
    private static func fields(_ schema: JSONValue, _ schemas: [String: JSONValue], depth: Int) -> String {
        let resolved = resolve(schema, schemas)
        guard let properties = resolved["properties"]?.objectValue, !properties.isEmpty else {
            return "<p><code>\(escape(type(resolved, schemas)))</code>\(description(resolved))</p>"
        }
        let required = Set(resolved["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let rows = properties.sorted { $0.key < $1.key }.map { name, property -> String in
            let inner = resolve(property, schemas)
            let nested = depth < 2 && inner["properties"] != nil ? fields(inner, schemas, depth: depth + 1) : ""
            return
                "<tr><td><code>\(escape(name))</code>\(required.contains(name) ? " *" : "")</td><td>\(escape(type(inner, schemas)))\(description(inner))\(nested)</td></tr>"
        }
        return "<table><tr><th>field (* required)</th><th>type</th></tr>\(rows.joined())</table>"
    }

    private static func resolve(_ schema: JSONValue, _ schemas: [String: JSONValue]) -> JSONValue {
        guard let reference = schema["$ref"]?.stringValue, let name = reference.split(separator: "/").last else { return schema }
        return schemas[String(name)] ?? schema
    }

    private static func type(_ schema: JSONValue, _ schemas: [String: JSONValue]) -> String {
        if let values = schema["enum"]?.arrayValue { return values.map(\.jsonText).joined(separator: " | ") }
        if let items = schema["items"] { return "array of " + type(resolve(items, schemas), schemas) }
        switch schema["type"] {
        case .string(let name)?: return name + (schema["format"]?.stringValue.map { " (\($0))" } ?? "")
        case .array(let names)?: return names.compactMap(\.stringValue).joined(separator: " or ")
        default: return schema["oneOf"] != nil || schema["anyOf"] != nil ? "one of several" : "any"
        }
    }

    private static func description(_ schema: JSONValue) -> String {
        schema["description"]?.stringValue.map { " — " + escape($0) } ?? ""
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
