import Foundation
import Testing

@testable import GatewayHost

/// A manifest's `webhook_route` and `generated` fields are checked before the plugin is registered.
@Suite struct PluginManifestTests {
    private func manifest(route: String?, webhook: Bool = true, secretField: String = #""secret":true,"generated":true"#) -> Data {
        let routeMember = route.map { #","webhook_route":\#($0)"# } ?? ""
        return Data(
            (#"{"id":"p","name":"P","version":"1","kind":"whatsapp","ops":["send"],"webhook":\#(webhook),"#
                + #""config":[{"name":"api_token","type":"string","secret":true},{"name":"webhook_secret","type":"string",\#(secretField)},"#
                + #"{"name":"port","type":"integer"}]\#(routeMember)}"#).utf8)
    }

    @Test func aRouteByHeaderOrByBodyMemberIsTaken() throws {
        let byHeader = try PluginManifest.parse(manifest(route: #"{"config_field":"webhook_secret","header":"x-gateway-webhook-secret"}"#))
        let reordered = try PluginManifest.parse(manifest(route: #"{"header":"x-gateway-webhook-secret","config_field":"webhook_secret"}"#))
        #expect(byHeader.webhookRoute == reordered.webhookRoute)
        #expect(byHeader.webhookRoute?.header == "x-gateway-webhook-secret" && byHeader.config[1].generated)
        let byBody = try PluginManifest.parse(manifest(route: #"{"config_field":"api_token","body_field":"token"}"#))
        #expect(byBody.webhookRoute?.bodyField == "token" && byBody.webhookRoute?.header == nil)
        #expect(try PluginManifest.parse(manifest(route: nil)).webhookRoute == nil)
    }

    @Test(arguments: [
        (#"{"config_field":"webhook_secret","header":"x-secret"}"#, false, #""secret":true"#, "webhook_route needs webhook: true"),
        (#"{"config_field":"nope","header":"x-secret"}"#, true, #""secret":true"#, "webhook_route names 'nope', which is not a string config field"),
        (#"{"config_field":"port","header":"x-secret"}"#, true, #""secret":true"#, "webhook_route names 'port', which is not a string config field"),
        (#"{"config_field":"api_token","header":"x-secret","body_field":"token"}"#, true, #""secret":true"#, "webhook_route takes exactly one of header and body_field"),
        (#"{"config_field":"api_token"}"#, true, #""secret":true"#, "webhook_route takes exactly one of header and body_field"),
        (#"{"config_field":"api_token","header":"X-Secret"}"#, true, #""secret":true"#, "webhook_route header 'X-Secret' must be lower-case letters, digits and '-'"),
        (#"{"config_field":"api_token","body_field":""}"#, true, #""secret":true"#, "webhook_route body_field must not be empty"),
        (#"{"config_field":"api_token","body_field":"token"}"#, true, #""generated":true"#, "config field 'webhook_secret' is generated but not a secret string"),
    ])
    func aWrongRouteOrGeneratedFieldIsRefusedByName(route: String, webhook: Bool, secretField: String, reason: String) throws {
        #expect(throws: PluginManifestError.self) { try PluginManifest.parse(manifest(route: route, webhook: webhook, secretField: secretField)) }
        do {
            _ = try PluginManifest.parse(manifest(route: route, webhook: webhook, secretField: secretField))
        } catch {
            #expect(error.reason == reason)
        }
    }
}
