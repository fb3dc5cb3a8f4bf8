import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import GatewayHost

/// Plugins in provider processes: whatever a plugin does (crash, trap, hang, eat memory, answer garbage or too much),
/// only its own process goes down; the host, the other plugins and the other clients keep working, the calls that
/// were in flight answer with the cause, and the process comes back.
@Suite struct ProviderProcessTests {
    let logs = LogRecorder()

    /// A registry of provider processes for `paths` plus the C echo provider, with `adjust`ed settings.
    private func registry(_ paths: [String], adjust: (inout PluginSettings) -> Void = { _ in }) async throws -> PluginRegistry {
        let directory = try TestPaths.scratchDirectory()
        for path in paths + [try CProviders.echo()] {
            try FileManager.default.copyItem(
                atPath: path, toPath: directory.appendingPathComponent(URL(fileURLWithPath: path).lastPathComponent).path)
        }
        var settings = TestPlugins.settings()
        adjust(&settings)
        let registry = PluginRegistry(settings: settings, logger: logs.logger())
        await registry.scan([directory.path], waitForStableFiles: false)
        return registry
    }

    private func instance(_ registry: PluginRegistry, _ id: String, client: String) async throws -> PluginInstance {
        let plugin = try #require(registry.plugin(id: id), "\(id) loaded")
        return try await plugin.createInstance(config: Data(#"{"token":"tok-1234","prefix":""}"#.utf8), client: client).get()
    }

    private static func fixture(_ variant: String) throws -> (path: String, id: String) {
        variant == "SWIFT_TRAP"
            ? (TestPaths.swiftTrapPlugin, "swift_trap") : (try CProviders.misbehaving(variant), "misbehaving_\(variant.lowercased())")
    }

    @Test(arguments: [("SEGFAULT", "signal 11"), ("ABORT", "signal 6"), ("SWIFT_TRAP", "signal 4"), ("ALLOCATE", "signal 11")])
    func aPluginThatDiesTakesDownOnlyItsOwnProcess(_ variant: String, cause: String) async throws {
        let (path, id) = try Self.fixture(variant)
        let registry = try await registry([path])
        defer { registry.close() }
        let doomed = try await instance(registry, id, client: "acme")
        let echoAcme = try await instance(registry, "c_echo", client: "acme")
        let echoGlobex = try await instance(registry, "c_echo", client: "globex")
        let firstProcess = try #require(doomed.plugin.health.processID)

        let died = try await doomed.invoke("test", input: Data("{}".utf8), timeoutMs: 10_000)
        #expect(died.status == .internal)
        #expect(died.answeredByHost && died.inDoubt, "the call may have taken effect before the process died")
        #expect(died.errorMessage == "provider process for \(id) died: \(cause)")

        for echo in [echoAcme, echoGlobex] {
            #expect(try await echo.invoke("test", input: Data("{}".utf8), timeoutMs: 30_000).status == .ok, "another plugin, any client, is untouched")
        }
        #expect(await eventually { doomed.plugin.health.state == .ready }, "the process is started again")
        #expect(doomed.plugin.health.restarts == 1 && doomed.plugin.health.processID != firstProcess)
        let quick = try await doomed.invoke("quick", input: Data("{}".utf8), timeoutMs: 30_000)
        #expect(quick.status == .ok, "the instance is created again in the new process: \(quick.errorMessage ?? "")")
        if variant == "SWIFT_TRAP" {
            #expect(
                logs.recorded.contains { $0.contains("provider process stderr") && $0.contains("cannot be converted to Int64") },
                "the runtime's report reaches the log")
        }
    }

    @Test func aHungCallGetsItsProcessKilledWhileHealthStaysPrompt() async throws {
        let hang = try CProviders.misbehaving("HANG")
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: [hang]) { $0.plugins.graceMs = 300 }
        let plugin = try #require(gateway.registry.plugin(id: "misbehaving_hang"))
        let instance = try await plugin.createInstance(config: Data(#"{"token":"x"}"#.utf8), client: "acme").get()
        try await gateway.app.test(.live) { client in
            let hung = Task { try await instance.invoke("test", input: Data("{}".utf8), timeoutMs: 200) }
            let health = try await client.call(.get, "/health", token: nil)
            #expect(health.status == .ok, "health answers while a plugin call hangs")
            let answer = try await hung.value
            #expect(answer.status == .internal && answer.inDoubt)
            // The deadline the process was given is what was left of the 200 ms when the call was sent.
            let killed = try #require(
                answer.errorMessage?.wholeMatch(of: /provider process for misbehaving_hang died: killed after a call overran its (\d+) ms deadline by 300 ms/))
            #expect((100...200).contains(Int(killed.output.1) ?? 0), "\(answer.errorMessage ?? "")")
            #expect(gateway.logs.recorded.contains { $0.contains("a call overran its deadline: killing the provider process") })
            #expect(await eventually { plugin.health.state == .ready })
            let quick = try await instance.invoke("quick", input: Data("{}".utf8), timeoutMs: 30_000)
            #expect(quick.status == .ok, "no thread, no process is left to the hung call: \(quick.errorMessage ?? "")")
        }
    }

    @Test func anOversizedOutputIsInternalAndTheProcessLivesOn() async throws {
        let registry = try await registry([try CProviders.misbehaving("OVERSIZE")])
        defer { registry.close() }
        let instance = try await instance(registry, "misbehaving_oversize", client: "acme")
        let process = instance.plugin.health.processID
        let answer = try await instance.invoke("test", input: Data("{}".utf8), timeoutMs: 10_000)
        #expect(answer.status == .internal && answer.inDoubt)
        #expect(answer.errorMessage == "output too large: 16777216 bytes, the limit is 8388608")
        #expect(instance.plugin.health.processID == process && instance.plugin.health.restarts == 0)
    }

    @Test func garbageIsAnInternalErrorAndNothingElse() async throws {
        let registry = try await registry([try CProviders.misbehaving("GARBAGE")])
        defer { registry.close() }
        let instance = try await instance(registry, "misbehaving_garbage", client: "acme")
        let answer = try await instance.invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
        #expect(answer.status == .internal && answer.rawStatus == 77)
        #expect(answer.errorMessage == nil)
        #expect(instance.plugin.health.state == .ready && instance.plugin.health.restarts == 0)
    }

    /// Each create kills the process; the fifth death within ten minutes quarantines the plugin until an admin resets
    /// it, and the reason says so.
    @Test func aPluginThatKeepsDyingIsQuarantinedUntilReset() async throws {
        let registry = try await registry([try CProviders.misbehaving("DIE_IN_CREATE")])
        defer { registry.close() }
        let plugin = try #require(registry.plugin(id: "misbehaving_die_in_create"))
        for _ in 0..<5 {
            // A restart in progress refuses calls; on a loaded machine it can outlast the previous create.
            #expect(await eventually { plugin.health.state != .restarting })
            let failure = try #require(try await plugin.createInstance(config: Data(#"{"token":"x"}"#.utf8), client: "acme").failure)
            #expect(failure.result.errorMessage == "provider process for misbehaving_die_in_create died: signal 6")
            #expect(!failure.result.inDoubt, "a create leaves nothing in doubt")
        }
        #expect(plugin.health.state == .quarantined)
        #expect(plugin.health.reason?.hasPrefix("its provider process died 5 times within 10 minutes (last: signal 6)") == true)
        do {
            _ = try await plugin.createInstance(config: Data(#"{"token":"x"}"#.utf8), client: "acme")
            Issue.record("a quarantined plugin takes no calls")
        } catch {
            #expect(error.code == .providerUnavailable && error.message.contains("quarantined"))
        }
        #expect(plugin.reset())
        #expect(await eventually { plugin.health.state == .ready })
    }

    /// A quarantined plugin is named, with the reason, in /health, /metrics and /api/plugins; its calls fail fast with
    /// PROVIDER_UNAVAILABLE; an admin's reset starts its process again.
    @Test func aQuarantineIsReportedEverywhereAndAnAdminLiftsIt() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: [try CProviders.misbehaving("SEGFAULT")]) { $0.plugins.deathLimit = 2 }
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            let admin = try await gateway.token("ops", role: .admin)
            let configure = #"{"provider":"misbehaving_segfault","config":{"token":"t-1234"},"test":false}"#
            #expect(try await client.call(.post, "/api/integrations/whatsapp/configure", token: token, json: configure).status == .ok)
            let first = try await client.call(.post, "/api/integrations/whatsapp/test", token: token)
            #expect(first["success"] == .bool(false))
            #expect(first["message"] == .string("provider process for misbehaving_segfault died: signal 11"))
            #expect(first["error_code"] == .string("PROVIDER_UNAVAILABLE"))
            let second = try await client.call(.post, "/api/integrations/whatsapp/test", token: token)
            #expect(second["success"] == .bool(false), "the second death quarantines it")

            let health = try await client.call(.get, "/health", token: nil)
            #expect(health.status == .ok, "the store and queue are fine")
            #expect(health["plugins"]?["status"] == .string("degraded"))
            let quarantined = try #require(health["plugins"]?["quarantined"]?.arrayValue?.first)
            #expect(quarantined["id"] == .string("misbehaving_segfault"))
            #expect(quarantined["reason"]?.stringValue?.hasPrefix("its provider process died 2 times within 10 minutes (last: signal 11)") == true)
            let metrics = try await client.call(.get, "/metrics", token: nil)
            #expect(metrics.text.contains(#"gateway_plugin_quarantined{provider="misbehaving_segfault"} 1"#))
            #expect(metrics.text.contains(#"gateway_plugin_restarts{provider="misbehaving_segfault"} 1"#))
            let refused = try await client.call(.post, "/api/integrations/whatsapp/test", token: token)
            #expect(refused.status == .serviceUnavailable && refused["error_code"] == .string("PROVIDER_UNAVAILABLE"), "fails fast")

            let reset = try await client.call(.post, "/api/plugins/misbehaving_segfault/reset", token: admin)
            #expect(reset.status == .ok && reset["success"] == .bool(true))
            #expect(await eventually { gateway.registry.plugin(id: "misbehaving_segfault")?.health.state == .ready })
            let list = try await client.call(.get, "/api/plugins", token: admin)
            #expect(list["plugins"]?.arrayValue?.first?["state"] == .string("ready"))
            #expect(list["plugins"]?.arrayValue?.first?["process_id"]?.intValue != nil, "admins see the process")
            #expect(try await client.call(.post, "/api/plugins/nope/reset", token: admin).status == .notFound)
        }
    }

    /// A client's calls beyond its share wait, and give up at their deadline; another client's calls go straight
    /// through.
    @Test func oneClientsHungCallsCannotUseUpAnothersShare() async throws {
        let registry = try await registry([try CProviders.misbehaving("HANG")]) { $0.graceMs = 20_000 }
        defer { registry.close() }
        let acme = try await instance(registry, "misbehaving_hang", client: "acme")
        let globex = try await instance(registry, "misbehaving_hang", client: "globex")
        let hung = Task {
            await withTaskGroup(of: Result<PluginCallResult, PluginCallError>.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        do throws(PluginCallError) {
                            return .success(try await acme.invoke("test", input: Data(), timeoutMs: 3_000))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(await eventually { acme.plugin.callsInFlight == 8 }, "acme's share is 8")
        #expect(try await globex.invoke("quick", input: Data(), timeoutMs: 2_000).status == .ok, "globex is not behind acme's hung calls")
        let results = await hung.value
        #expect(results.filter { (try? $0.get())?.status == .ok }.count == 8)
        #expect(results.filter { $0.failure?.code == .busy }.count == 4, "the calls over acme's share gave up at their deadline")
    }

    /// The provider records the message, then its process crashes before answering: the job is in doubt, and after
    /// the restart `find_sent` finds it, so it is not sent again.
    @Test func aProviderCrashingOnItsFirstSendDeliversTheMessageExactlyOnce() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: [try CProviders.misbehaving("CRASH_ONCE")]) { configuration in
            configuration.delivery.retryBackoff = [.milliseconds(100), .milliseconds(100), .milliseconds(100)]
            configuration.delivery.sendTimeout = .seconds(1)  // an in-doubt retry waits this long for the provider to settle
            configuration.delivery.pollInterval = .milliseconds(20)
        }
        let ledger = try TestPaths.scratchDirectory().appendingPathComponent("ledger").path
        try await gateway.app.test(.live) { client in
            let token = try await gateway.token("acme")
            let configured = try await client.call(
                .post, "/api/integrations/whatsapp/configure", token: token,
                json: #"{"provider":"misbehaving_crash_once","config":{"token":"t-1234","ledger":"\#(ledger)"},"test":false}"#
            )
            #expect(configured.status == .ok, "\(configured.text)")
            let accepted = try await client.call(
                .post, "/api/integrations/whatsapp/send", token: token, json: #"{"phone":"5511988887777","message":"oi"}"#)
            let id = try #require(accepted["message_id"]?.stringValue)
            let sent = try await gateway.waitForMessage("acme", id, toBe: [.sent, .failed, .dead])
            #expect(sent.status == .sent && sent.attempts == 2)
            let delivered = try String(contentsOfFile: ledger, encoding: .utf8).split(separator: "\n")
            #expect(delivered == [Substring(id)], "the provider got the message once")
            #expect(gateway.logs.recorded.contains { $0.contains("in-doubt message found at the provider") })
        }
    }

    /// `kill -9` of the Uazapi process in the middle of a run of sends: every message reaches uazapi once.
    @Test func killingAProviderProcessMidRunDeliversEveryMessageOnce() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite) { configuration in
            configuration.delivery.retryBackoff = [.milliseconds(100), .milliseconds(200), .milliseconds(400)]
            configuration.delivery.sendTimeout = .seconds(1)  // an in-doubt retry waits this long for the provider to settle
            configuration.delivery.pollInterval = .milliseconds(20)
        }
        let fake = FakeUazapi()
        fake.setSendDelay(.milliseconds(10))
        try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.live) { client in
                let token = try await gateway.token("acme")
                #expect(
                    try await client.call(
                        .post, "/api/integrations/whatsapp/configure", token: token, json: TestGateway.whatsappConfig(url, extra: #","test":false"#)
                    ).status == .ok)
                var ids: [String] = []
                for index in 0..<120 {
                    let accepted = try await client.call(
                        .post, "/api/integrations/whatsapp/send", token: token, json: #"{"phone":"5511988887777","message":"n \#(index)"}"#)
                    ids.append(try #require(accepted["message_id"]?.stringValue))
                }
                let plugin = try #require(gateway.registry.plugin(id: "uazapi"))
                #expect(await eventually { fake.deliveryCounts.count >= 30 })
                kill(try #require(plugin.health.processID), SIGKILL)
                for id in ids { _ = try await gateway.waitForMessage("acme", id, toBe: [.sent], within: .seconds(30)) }
                let counts = fake.deliveryCounts
                #expect(Set(counts.keys) == Set(ids), "every message reached the provider")
                #expect(counts.values.allSatisfy { $0 == 1 }, "none twice: \(counts.filter { $0.value > 1 }.count) duplicated")
                #expect(plugin.health.restarts == 1)
            }
        }
    }

    /// A server answering 429 with `X-RateLimit-Reset: inf` once killed the host (`Int64` of an infinite `Double` in
    /// the SendGrid plugin). Now the connection test answers, in either mode.
    @Test(arguments: [PluginSettings.Isolation.process, .inProcess])
    func anInfiniteRateLimitResetIsAnAnswerNotACrash(_ isolation: PluginSettings.Isolation) async throws {
        let gateway = try await TestGateway.start(queue: .sqlite, plugins: ["SendGrid"]) { $0.plugins.isolation = isolation }
        let fake = FakeSendGrid()
        fake.log.script(429, headers: ["x-ratelimit-reset": "inf"], body: #"{"errors":[{"message":"too many requests"}]}"#)
        try await LocalServer.run(fake.router) { url in
            try await gateway.app.test(.live) { client in
                let token = try await gateway.token("acme")
                let configured = try await client.call(
                    .post, "/api/integrations/email/configure", token: token,
                    json:
                        #"{"provider":"sendgrid","config":{"api_key":"\#(FakeSendGrid.apiKey)","from_email":"agent@example.com","base_url":"\#(url)"}}"#
                )
                #expect(configured.status == .tooManyRequests, "\(configured.text)")
                #expect(configured["success"] == .bool(false) && configured["error_code"] == .string("RATE_LIMIT_EXCEEDED"))
                #expect(try await client.call(.get, "/health", token: nil).status == .ok, "the server is alive")
                #expect(gateway.registry.plugin(id: "sendgrid")?.health.restarts ?? 0 == 0, "nothing crashed")
            }
        }
    }

    @Test(arguments: [PluginSettings.Isolation.process, .inProcess])
    func anEndlessResponseBodyFailsTheCallAtTheCap(_ isolation: PluginSettings.Isolation) async throws {
        try await EchoEndpoint.run { url, _ in
            let plugin = try await PluginLoader.load(
                path: TestPaths.swiftEchoPlugin, settings: TestPlugins.settings(isolation), logger: logs.logger()
            ).get()
            defer { plugin.close() }
            let echo = try await plugin.createInstance(config: Data(#"{"endpoint":"\#(url)/endless","token":"tok-5678"}"#.utf8)).get()
            let answer = try await echo.invoke("test", input: Data("{}".utf8), timeoutMs: 10_000)
            #expect(answer.status == .permanent)
            #expect(answer.errorMessage == "the server's response body exceeded 4194304 bytes")
        }
    }
}
