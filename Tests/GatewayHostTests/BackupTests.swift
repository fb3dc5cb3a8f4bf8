import Foundation
import Testing

@testable import GatewayHost

/// `gateway backup` while the real binary serves, then `gateway restore` into a fresh data directory: the restored
/// install opens the sealed contact (the key came with the backup) and takes the tokens issued before.
@Suite struct BackupTests {
    @Test func aBackupTakenWhileServingRestoresIntoAFreshDirectoryWithItsSealedContact() async throws {
        let plugins = try TestPaths.scratchDirectory()
        try FileManager.default.copyItem(
            atPath: TestPaths.buildDirectory.appendingPathComponent("libUazapi.so").path, toPath: plugins.appendingPathComponent("libUazapi.so").path)
        let backup = try TestPaths.scratchDirectory().appendingPathComponent("backup").path
        let token: String
        let contactID: String
        do {
            let gateway = try GatewayProcess(pluginDirectory: plugins)
            token = try gateway.command(["token", "issue", "--client", "acme"]).output
            let configured = try await gateway.request(
                "POST", "/api/integrations/whatsapp/configure", token: token, json: TestGateway.whatsappConfig("http://127.0.0.1:9", extra: #","test":false"#))
            #expect(configured.status == 200)
            #expect(try await gateway.request("POST", "/webhooks/uazapi", json: try UazapiDeliveries.message(id: "BACKUP-1")).status == 200)
            let conversations = try JSONDecoder().decode(JSONValue.self, from: try await gateway.get("/api/conversations", token: token).body)
            contactID = try #require(conversations["conversations"]?.arrayValue?.first?["contact_id"]?.stringValue)

            let taken = try gateway.command(["backup", "--to", backup])
            #expect(taken.status == 0, "\(taken.output)")
            let files = try FileManager.default.contentsOfDirectory(atPath: backup).sorted()
            #expect(files == ["encryption.key", "gateway.sqlite", "jwt.secret"])
            let mode = try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int
            #expect(mode == 0o700)
            #expect(try gateway.command(["backup", "--to", backup]).status != 0, "a backup never overwrites another")
            #expect(gateway.stop(with: SIGTERM) == .succeeded)
        }

        let fresh = try TestPaths.scratchDirectory().appendingPathComponent("restored").path
        let restored = try GatewayProcess(pluginDirectory: plugins, environment: ["GATEWAY_DATA_DIR": fresh])
        #expect(try await restored.get("/health").status == 200)  // serving: its database exists
        #expect(try restored.command(["restore", "--from", backup]).status != 0, "a data directory in use is not overwritten")
        restored.stop(with: SIGTERM)
        try FileManager.default.removeItem(atPath: fresh)

        let restore = try ChildProcess(
            TestPaths.gatewayBinary, ["restore", "--from", backup], environment: restored.environment, output: .pipe)
        #expect(restore.wait() == .succeeded)
        let again = try GatewayProcess(pluginDirectory: plugins, environment: ["GATEWAY_DATA_DIR": fresh])
        let contact = try await again.get("/api/contacts/\(contactID)", token: token)
        #expect(contact.status == 200, "the token issued before the backup is honoured: the JWT secret came with it")
        let phone = try JSONDecoder().decode(JSONValue.self, from: contact.body)["contact"]?["phone"]?.stringValue
        #expect(phone == UazapiDeliveries.senderPhone, "the sealed contact opens: the encryption key came with it")
        #expect(again.stop(with: SIGTERM) == .succeeded)
    }
}
