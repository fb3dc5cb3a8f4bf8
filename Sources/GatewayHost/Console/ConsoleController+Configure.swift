import Foundation
import Hummingbird

/// `/console/integrations/{type}/configure`: a form generated from the chosen provider's manifest, saved through the
/// same `IntegrationService.configure` as the API (tested first, unless unticked). Secret fields are write-only: never
/// shown, and left empty they keep the stored value (unless the destination changes, as the API's rules say).
/// `/console/integrations/{type}/test` runs the provider's connection test.
extension ConsoleController {
    func addConfigureRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/console/integrations/{type}/configure") { request, context in
            guard let session = await session(request) else { return Self.redirect("/console/sign-in") }
            let type = try Self.configurableType(context)
            let existing = try? await integrations.integration(clientID: session.clientID, type: type)
            let provider = request.uri.queryParameters.get("provider").map { String($0) } ?? existing?.provider ?? type.defaultProvider
            let stored = existing.map { IntegrationView($0, vault: integrations.vault).config } ?? [:]
            return configurePage(request, session: session, type: type, provider: provider, values: stored.mapValues(Self.formText), error: nil)
        }
        router.post("/console/integrations/{type}/configure") { request, context in
            guard let (session, form) = try await signedInPost(request) else { return Self.refusedForm }
            let type = try Self.configurableType(context)
            let provider = form["provider"].flatMap { $0.isEmpty ? nil : $0 }
            let fields = providers(serving: type).first { $0.id == provider }?.config ?? []
            let configure = ConfigureRequest(
                provider: provider, name: nil, config: Self.config(from: form, fields: fields), test: form["test"] == "on", send_rate_per_minute: nil)
            do {
                let (_, test) = try await integrations.configure(clientID: session.clientID, type: type, request: configure, actor: session.identity.actor)
                return test.map(Self.testedRedirect) ?? Self.redirect("/console/integrations?done=saved")
            } catch let error as IntegrationError {
                // The values typed are shown again, never a secret's.
                let typed = form.filter { name, _ in fields.contains { $0.name == name && !$0.secret } }
                return configurePage(request, session: session, type: type, provider: provider, values: typed, error: error, status: .unprocessableContent)
            }
        }
        router.post("/console/integrations/{type}/test") { request, context in
            guard let (session, _) = try await signedInPost(request) else { return Self.refusedForm }
            let type = try Self.configurableType(context)
            do {
                let result = try await integrations.test(clientID: session.clientID, type: type)
                return result.success ? Self.testedRedirect(result) : Self.redirect("/console/integrations?done=failed-\(type.rawValue)")
            } catch is IntegrationError {
                return Self.redirect("/console/integrations?done=failed-\(type.rawValue)")
            }
        }
    }

    private static func configurableType(_ context: GatewayRequestContext) throws -> IntegrationType {
        guard let type = IntegrationType(rawValue: try context.parameters.require("type")), IntegrationType.configurable.contains(type) else {
            throw GatewayError(.notFound, .notFound, "no such integration type")
        }
        return type
    }

    /// The loaded providers that serve the type.
    private func providers(serving type: IntegrationType) -> [PluginManifest] {
        integrations.registry.plugins.map(\.manifest).filter { $0.serves(type) }
    }

    /// A stored value as a form field shows it: text as is, anything else as JSON.
    private static func formText(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.jsonText
    }

    /// The provider's fields from the form, typed by the manifest: a blank field is left out (a secret keeps its
    /// stored value), a box unticked is false, and a value that does not parse (or a number JSON cannot hold) goes as
    /// text, for the service to refuse next to its field.
    private static func config(from form: [String: String], fields: [PluginManifest.ConfigField]) -> [String: JSONValue] {
        var config: [String: JSONValue] = [:]
        for field in fields {
            let text = form[field.name] ?? ""
            switch field.type {
            case "boolean":
                config[field.name] = .bool(text == "on")
            case _ where text.isEmpty:
                continue
            case "integer":
                config[field.name] = Int64(text).map(JSONValue.integer) ?? .string(text)
            case "number":
                config[field.name] = Double(text).flatMap { $0.isFinite ? JSONValue.number($0) : nil } ?? .string(text)
            case "array", "object":
                config[field.name] = JSONValue(jsonText: text) ?? .string(text)
            default:
                config[field.name] = .string(text)
            }
        }
        return config
    }

    private func configurePage(
        _ request: Request, session: Session, type: IntegrationType, provider: String?, values: [String: String], error: IntegrationError?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let t = language(request).text
        let available = providers(serving: type)
        let chosen = available.first { $0.id == provider } ?? available.first
        // An error names its field as `config.x` or `x`.
        let blamed: String? = error?.field.map { field in field.hasPrefix("config.") ? String(field.dropFirst("config.".count)) : field }
        let fields = (chosen?.config ?? []).map { field -> [String: Any] in
            var row: [String: Any] = [
                "name": field.name, "id": "field-" + field.name, "description": field.description ?? "", "required": field.required && !field.secret,
                "secret": field.secret, "boolean": field.type == "boolean", "multiline": ["array", "object"].contains(field.type),
                "number": ["integer", "number"].contains(field.type),
            ]
            row["value"] = field.secret ? "" : values[field.name] ?? ""
            row["checked"] = values[field.name] == "true" || values[field.name] == "on"
            row["fieldError"] = blamed == field.name ? error?.message ?? "" : false
            return row
        }
        var context: [String: Any] = [
            "type": type.rawValue, "onIntegrations": true, "fields": fields, "provider": chosen?.id ?? "",
            "providers": available.map { ["id": $0.id, "name": $0.name, "selected": $0.id == chosen?.id] },
        ]
        if let error, blamed == nil || !(chosen?.config ?? []).contains(where: { $0.name == blamed }) { context["error"] = error.message }
        context["heading"] = String(format: t["configureType"] ?? "%@", type.rawValue)
        return page("configure", request, session: session, status: status, context)
    }
}
