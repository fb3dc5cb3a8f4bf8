/// OpenAPI links from the answers that create or list things to the routes that take their ids: a client (or a
/// stateful fuzzer) follows them from `POST /api/triggers` to `GET /api/triggers/{id}` and the rest.
enum OpenAPILinks {
    struct Link {
        /// The route the id goes to, as `METHOD /path`.
        let target: String
        /// Where the id is in the source's answer (an OpenAPI runtime expression).
        let id: String
    }

    /// Each source route (`METHOD /path`) with its links; every target takes the id as its `{id}` parameter.
    static let all: [String: [Link]] = {
        var links: [String: [Link]] = [
            "POST /api/triggers": ["GET", "PUT", "DELETE"].map { Link(target: "\($0) /api/triggers/{id}", id: "$response.body#/trigger/id") }
                + ["PATCH /api/triggers/{id}/toggle", "POST /api/triggers/{id}/test", "GET /api/triggers/{id}/executions"].map {
                    Link(target: $0, id: "$response.body#/trigger/id")
                },
            "POST /api/templates": ["GET", "PUT", "DELETE"].map { Link(target: "\($0) /api/templates/{id}", id: "$response.body#/template/id") },
            "POST /api/keys": [Link(target: "DELETE /api/keys/{id}", id: "$response.body#/api_key/id")],
            "POST /api/clients": [Link(target: "PUT /api/clients/{id}/limits", id: "$response.body#/client/id")],
            "GET /api/conversations": ["GET /api/conversations/{id}", "PATCH /api/conversations/{id}", "GET /api/conversations/{id}/messages"].map {
                Link(target: $0, id: "$response.body#/conversations/0/id")
            } + [Link(target: "GET /api/contacts/{id}", id: "$response.body#/conversations/0/contact_id")],
            "POST /api/events": ["GET /api/conversations/{id}", "GET /api/conversations/{id}/messages"].map {
                Link(target: $0, id: "$response.body#/event/conversation_id")
            },
        ]
        for type in ["whatsapp", "email", "sms", "database"] {
            links["POST /api/integrations/\(type)/configure"] = ["PATCH", "DELETE"].map {
                Link(target: "\($0) /api/integrations/{id}", id: "$response.body#/integration/id")
            }
        }
        for type in ["whatsapp", "email", "sms"] {
            links["POST /api/integrations/\(type)/send"] = [
                Link(target: "GET /api/messages/{id}", id: "$response.body#/message_id"),
                Link(target: "POST /api/jobs/{id}/retry", id: "$response.body#/message_id"),
            ]
        }
        return links
    }()
}
