import Foundation
import Hummingbird

/// `/api/templates`: the client's message templates (`{{contact.name}}`, `{{lead.score}}`...), which triggers send by
/// `template_id`.
struct TemplatesController {
    let service: TemplateService
    let routes: RouteTable

    struct View: Encodable, Sendable {
        let id: String
        let channel: String
        let subject: JSONValue
        let body: String
        let created_at: String
        let updated_at: String

        init(_ template: MessageTemplate) {
            id = template.id
            channel = template.channel.rawValue
            subject = template.subject.map(JSONValue.string) ?? .null
            body = template.body
            created_at = template.createdAt.formatted(.iso8601)
            updated_at = template.updatedAt.formatted(.iso8601)
        }
    }

    struct TemplateResponse: ResponseEncodable {
        var success = true
        let template: View
    }

    struct TemplateList: ResponseEncodable {
        var success = true
        let templates: [View]
    }

    struct Deleted: ResponseEncodable {
        var success = true
        let id: String
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.add(
            .post, "/api/templates", summary: "Create a message template: {id, channel, subject?, body} with {{variables}}", request: "NewTemplate",
            response: "TemplateResponse", successStatus: .created, access: .tenant, on: router
        ) { request, context in
            let body = try await request.decodeJSON(as: TemplateService.Body.self, context: context)
            let template = try await service.create(clientID: try context.actingClientID(), body)
            return EncodedResponse(status: .created, body: TemplateResponse(template: View(template)))
        }
        routes.get("/api/templates", summary: "The client's message templates", response: "TemplateList", access: .tenant, on: router) { _, context in
            TemplateList(templates: try await service.store.templates(clientID: try context.actingClientID()).map(View.init))
        }
        routes.get("/api/templates/{id}", summary: "A message template", response: "TemplateResponse", access: .tenant, on: router) { _, context in
            TemplateResponse(
                template: View(try await service.template(clientID: try context.actingClientID(), id: try context.parameters.require("id"))))
        }
        routes.add(
            .put, "/api/templates/{id}", summary: "Change a template: only the fields given change", request: "TemplateChange",
            response: "TemplateResponse",
            access: .tenant, on: router
        ) { request, context in
            let body = try await request.decodeJSON(as: TemplateService.Body.self, context: context)
            let template = try await service.update(clientID: try context.actingClientID(), id: try context.parameters.require("id"), body)
            return TemplateResponse(template: View(template))
        }
        routes.add(.delete, "/api/templates/{id}", summary: "Delete a template", response: "TemplateDeleted", access: .tenant, on: router) {
            _, context in
            let id = try context.parameters.require("id")
            try await service.delete(clientID: try context.actingClientID(), id: id)
            return Deleted(id: id)
        }
    }
}
