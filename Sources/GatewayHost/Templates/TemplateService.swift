import Foundation
import Mustache

/// Message templates: stored per client, checked when saved (a template that does not parse is refused), rendered with
/// a Mustache library as plain text. A variable with no value renders empty and is reported, so an execution log can
/// say which were missing.
final class TemplateService: Sendable {
    let store: any TemplateStore
    let clock: WallClock

    /// The channels a template is written for.
    static let channels: [IntegrationType] = [.whatsapp, .sms, .email]

    init(store: any TemplateStore, clock: WallClock) {
        self.store = store
        self.clock = clock
    }

    /// `POST /api/templates` (`id` required) and `PUT /api/templates/{id}` (only the fields given change).
    struct Body: Codable, Sendable {
        let id: String?
        let channel: String?
        let subject: String?
        let body: String?
    }

    /// The most templates one client keeps.
    static let maxPerClient = 500

    func create(clientID: String, _ body: Body) async throws -> MessageTemplate {
        guard let id = body.id, id.count <= 64, !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-".contains($0)) }) else {
            throw Self.invalid("id must be 1 to 64 letters, digits, '_' or '-'", field: "id")
        }
        guard try await store.template(clientID: clientID, id: id) == nil else {
            throw TemplateError(code: .alreadyExists, message: "a template with that id exists", field: "id")
        }
        guard try await store.templateCount(clientID: clientID) < Self.maxPerClient else {
            throw Self.invalid("a client keeps at most \(Self.maxPerClient) templates; delete one first", field: "id")
        }
        let now = clock.now
        let template = MessageTemplate(
            clientID: clientID, id: id, channel: try Self.channel(body.channel), subject: body.subject, body: body.body ?? "", createdAt: now,
            updatedAt: now)
        try Self.check(template)
        try await store.saveTemplate(template)
        return template
    }

    func template(clientID: String, id: String) async throws -> MessageTemplate {
        guard let template = try await store.template(clientID: clientID, id: id) else { throw Self.notFound }
        return template
    }

    func update(clientID: String, id: String, _ body: Body) async throws -> MessageTemplate {
        var template = try await template(clientID: clientID, id: id)
        if let channel = body.channel { template.channel = try Self.channel(channel) }
        if let subject = body.subject { template.subject = subject }
        if let text = body.body { template.body = text }
        template.updatedAt = clock.now
        try Self.check(template)
        try await store.saveTemplate(template)
        return template
    }

    func delete(clientID: String, id: String) async throws {
        guard try await store.deleteTemplate(clientID: clientID, id: id) else { throw Self.notFound }
    }

    /// The text with `values` filled in, and the variables that had none (rendered empty); refused when the values
    /// would make it cost more than `TemplateBudget` allows.
    static func render(_ text: String, _ values: [String: Any]) throws(TemplateError) -> (text: String, missing: [String]) {
        if let reason = TemplateBudget.overrun(text, values) { throw .overBudget(reason) }
        guard let template = try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text) else { return (text, []) }
        let missing = variables(in: text).filter { !has($0, in: values) }
        return (template.render(values), missing)
    }

    private static func channel(_ name: String?) throws(TemplateError) -> IntegrationType {
        guard let channel = name.flatMap(IntegrationType.init(rawValue:)), channels.contains(channel) else {
            throw invalid("channel must be whatsapp, sms or email", field: "channel")
        }
        return channel
    }

    private static func check(_ template: MessageTemplate) throws(TemplateError) {
        guard (1...4_096).contains(TextRules.length(template.body)) else { throw invalid("body must be 1 to 4096 characters", field: "body") }
        if let subject = template.subject, TextRules.length(subject) > 200 || !TextRules.isOneLine(subject) {
            throw invalid("subject must be one line of at most 200 characters", field: "subject")
        }
        for (field, text) in [("body", template.body), ("subject", template.subject ?? "")] {
            do {
                _ = try MustacheTemplate(string: text)
            } catch {
                throw invalid("\(field) is not a valid template: \(error)", field: field)
            }
            if let problem = TemplateBudget.shapeProblem(text) { throw invalid("\(field): \(problem)", field: field) }
        }
    }

    /// The `{{name}}` variables a text uses (sections and partials aside).
    private static func variables(in text: String) -> [String] {
        text.matches(of: /\{\{\{?\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}?\}\}/).map { String($0.output.1) }
    }

    private static func has(_ path: String, in values: [String: Any]) -> Bool {
        var current: Any? = values
        for part in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(part)]
            if current == nil { return false }
        }
        return !(current is NSNull)
    }

    private static func invalid(_ message: String, field: String) -> TemplateError {
        TemplateError.invalid(message, field: field)
    }

    private static let notFound = TemplateError.notFound
}
