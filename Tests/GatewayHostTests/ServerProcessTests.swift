import Foundation
import GatewayHost
import Testing

/// The real `gateway serve` process: health, the plugin list, and plugins dropped in while it runs.
@Suite struct ServerProcessTests {
    private struct PluginList: Decodable {
        struct Plugin: Decodable {
            let manifest: PluginManifest
            let state: String
            let isolation: String
            let process_id: Int32?
        }

        struct LoadError: Decodable {
            let path: String
            let code: String
        }

        let plugins: [Plugin]
        let errors: [LoadError]
    }

    private func plugins(_ gateway: GatewayProcess) async throws -> PluginList {
        try JSONDecoder().decode(PluginList.self, from: try await gateway.get("/api/plugins", token: try await gateway.adminToken()).body)
    }

    /// Polls the plugin list until `condition` holds, for at most two seconds (the promise for a dropped-in plugin).
    private func pluginsWithinTwoSeconds(_ gateway: GatewayProcess, until condition: (PluginList) -> Bool) async throws -> PluginList {
        var list = try await plugins(gateway)
        for _ in 0..<20 where !condition(list) {
            try await Task.sleep(for: .milliseconds(100))
            list = try await plugins(gateway)
        }
        return list
    }

    @Test(arguments: ["process", "in-process"])
    func loadsAPluginDroppedInWhileRunningAndReportsABrokenOne(_ isolation: String) async throws {
        let directory = try TestPaths.scratchDirectory()
        let gateway = try GatewayProcess(pluginDirectory: directory, environment: ["GATEWAY_PLUGIN_ISOLATION": isolation])
        let health = try await gateway.get("/health")
        #expect(health.status == 200)
        #expect(try await plugins(gateway).plugins.isEmpty)

        try FileManager.default.copyItem(atPath: CProviders.echo(), toPath: directory.appendingPathComponent("libc_echo.so").path)
        let loaded = try await pluginsWithinTwoSeconds(gateway) { !$0.plugins.isEmpty }
        #expect(loaded.plugins.map(\.manifest.id) == ["c_echo"])
        #expect(loaded.plugins.first?.state == "ready")
        #expect(loaded.plugins.first?.isolation == isolation)

        try Data("not a library".utf8).write(to: directory.appendingPathComponent("libbroken.so"))
        let afterBroken = try await pluginsWithinTwoSeconds(gateway) { !$0.errors.isEmpty }
        #expect(afterBroken.errors.map(\.code) == ["not_a_library"])
        #expect(afterBroken.plugins.map(\.manifest.id) == ["c_echo"], "a broken file affects nothing else")
        #expect(try await gateway.get("/health").status == 200)
    }

    /// One crash quarantines the plugin (GATEWAY_PLUGIN_DEATH_LIMIT=1); `gateway plugins reset` lifts it in the running
    /// server.
    @Test func aQuarantinedPluginIsResetFromTheCommandLine() async throws {
        let directory = try TestPaths.scratchDirectory()
        try FileManager.default.copyItem(atPath: CProviders.misbehaving("SEGFAULT"), toPath: directory.appendingPathComponent("libsegfault.so").path)
        let gateway = try GatewayProcess(pluginDirectory: directory, environment: ["GATEWAY_PLUGIN_DEATH_LIMIT": "1"])
        let token = try await gateway.adminToken()
        let configured = try await gateway.request(
            "POST", "/api/integrations/whatsapp/configure", token: token, json: #"{"provider":"misbehaving_segfault","config":{"token":"t-1234"}}"#
        )
        #expect(configured.status == 503, "its connection test killed it: nothing is kept")
        #expect(String(decoding: configured.body, as: UTF8.self).contains("provider process for misbehaving_segfault died: signal 11"))
        #expect(try await plugins(gateway).plugins.first?.state == "quarantined")

        let reset = try gateway.command(["plugins", "reset", "misbehaving_segfault", "--url", "http://127.0.0.1:\(gateway.port)"])
        #expect(reset.status == 0, "\(reset.output)")
        #expect(reset.output.contains(#""success":true"#))
        let after = try await pluginsWithinTwoSeconds(gateway) { $0.plugins.first?.state == "ready" }
        #expect(after.plugins.first?.state == "ready")
    }

    /// A restart remembers what each plugin said (in the data directory): it starts no provider process until a client
    /// needs one.
    @Test func aRestartedServerStartsAProviderProcessOnlyWhenAClientNeedsIt() async throws {
        let directory = try TestPaths.scratchDirectory()
        try FileManager.default.copyItem(atPath: CProviders.misbehaving("ABI_1_0"), toPath: directory.appendingPathComponent("libwhatsapp.so").path)
        let install = ["GATEWAY_DATA_DIR": try TestPaths.scratchDirectory().path]
        let first = try GatewayProcess(pluginDirectory: directory, environment: install)
        #expect(try await plugins(first).plugins.first?.state == "ready", "nothing remembered yet: its process was started to ask")
        first.stop(with: SIGTERM)

        let restarted = try GatewayProcess(pluginDirectory: directory, environment: install)
        let idle = try await plugins(restarted).plugins.first
        #expect(idle?.state == "idle" && idle?.process_id == nil)
        let configure = {
            try await restarted.request(
                "POST", "/api/integrations/whatsapp/configure", token: try await restarted.adminToken(),
                json: #"{"provider":"misbehaving_abi_1_0","config":{"token":"t-1234"}}"#)
        }
        var configured = try await configure()
        if configured.status == 503 {
            // Its process is started within the call's deadline, which a loaded machine can outlast: the start goes on,
            // and the call succeeds once it is done, as a client retrying PROVIDER_UNAVAILABLE finds.
            #expect(String(decoding: configured.body, as: UTF8.self).contains("is starting its provider process"))
            #expect(await eventually { (try? await plugins(restarted).plugins.first?.state) == "ready" })
            configured = try await configure()
        }
        #expect(configured.status == 200, "\(String(decoding: configured.body, as: UTF8.self))")
        let running = try await plugins(restarted).plugins.first
        #expect(running?.state == "ready" && running?.process_id != nil)
    }

    @Test func anUnknownRouteIsNotFoundInTheEnvelope() async throws {
        let gateway = try GatewayProcess(pluginDirectory: try TestPaths.scratchDirectory())
        let (status, body) = try await gateway.get("/nope")
        #expect(status == 404)
        let envelope = try JSONDecoder().decode([String: JSONValue].self, from: body)
        #expect(envelope["success"] == .bool(false))
        #expect(envelope["error_code"] == .string("NOT_FOUND"))
    }

    @Test func theServerLogsJSONLinesWithTheRequestRouteAndStatus() async throws {
        let gateway = try GatewayProcess(pluginDirectory: try TestPaths.scratchDirectory())
        #expect(try await gateway.get("/health").status == 200)
        try await Task.sleep(for: .milliseconds(200))  // the line is written after the response
        let lines = gateway.logLines
        let objects = lines.compactMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
        #expect(!lines.isEmpty)
        #expect(objects.count == lines.count, "every line is one JSON object")
        #expect(
            objects.contains { $0["message"] == "request" && $0["http.route"] == "/health" && $0["http.status"] == "200" && $0["request.id"] != nil })
    }

    @Test func aFreshInstallGeneratesItsKeysPrivatelyAndSaysHowToGetAFirstAdminToken() async throws {
        let gateway = try GatewayProcess(pluginDirectory: try TestPaths.scratchDirectory())
        #expect(try await gateway.get("/health").status == 200)
        let lines = gateway.logLines
        #expect(lines.contains { $0.contains("gateway token issue --client admin --role admin") })
        #expect(lines.contains { $0.contains("GENERATED A NEW ENCRYPTION KEY") })
        let data = try #require(gateway.environment["GATEWAY_DATA_DIR"])
        for file in ["encryption.key", "jwt.secret"] {
            let permissions = try FileManager.default.attributesOfItem(atPath: "\(data)/\(file)")[.posixPermissions] as? Int
            #expect(permissions == 0o600, "\(file)")
        }
        let key = try String(contentsOfFile: "\(data)/encryption.key", encoding: .utf8)
        #expect(
            !lines.contains { $0.contains(key.trimmingCharacters(in: .whitespacesAndNewlines).dropFirst(10).prefix(20)) },
            "the key itself is never logged")
    }

    @Test func requestLinesCarryTheClientID() async throws {
        let gateway = try GatewayProcess(pluginDirectory: try TestPaths.scratchDirectory())
        #expect(try await gateway.get("/api/integrations", token: try await gateway.adminToken()).status == 200)
        // The request line is written once the answer has gone out: waited for, not slept on.
        let logged = await eventually {
            let objects: [[String: String]] = gateway.logLines.compactMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
            return objects.contains { $0["http.route"] == "/api/integrations" && $0["client.id"] == "ops" && $0["http.status"] == "200" }
        }
        #expect(logged)
    }
}
