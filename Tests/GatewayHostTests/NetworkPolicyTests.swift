import Foundation
import GatewayHost
import Logging
import Testing

/// Providers connect only where the host's network policy allows, checked where the socket connects (after name
/// resolution). The suite's own servers listen on loopback, which the default policy refuses: every case here is
/// loopback under a policy that refuses it.
@Suite struct NetworkPolicyTests {
    static let isolations = [PluginSettings.Isolation.process, .inProcess]

    /// The default policy: no networks allowed beyond the public internet.
    private func load(_ path: String, _ isolation: PluginSettings.Isolation) async throws -> LoadedPlugin {
        var settings = TestPlugins.settings(isolation)
        settings.networkPolicy = NetworkPolicy()
        let file = isolation == .inProcess ? try TestPlugins.freshCopy(path) : path
        return try await PluginLoader.load(path: file, settings: settings, logger: Logger(label: "test")).get()
    }

    @Test(arguments: isolations, ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]"])
    func anHTTPProviderCannotReachLoopback(_ isolation: PluginSettings.Isolation, host: String) async throws {
        try await EchoEndpoint.run { url, seen in
            let port = try #require(URL(string: url)?.port)
            let plugin = try await load(TestPaths.swiftEchoPlugin, isolation)
            defer { plugin.close() }
            let echo = try await plugin.createInstance(config: Data(#"{"endpoint":"http://\#(host):\#(port)/echo","token":"tok-5678"}"#.utf8)).get()
            let answer = try await echo.invoke("send", input: Data(#"{"to":"x","text":"y"}"#.utf8), timeoutMs: 30_000)
            #expect(answer.status == .permanent)
            #expect(answer.errorMessage == "destination not allowed", "nothing about what answered there")
            #expect(seen.all.isEmpty, "no request reached the endpoint")
        }
    }

    @Test func anSMTPProviderCannotReachLoopback() async throws {
        let sink = try SMTPSink()
        let plugin = try await load(TestPaths.buildDirectory.appendingPathComponent("libSMTP.so").path, .process)
        defer { plugin.close() }
        let config = #"{"host":"127.0.0.1","port":\#(sink.port),"use_tls":false,"from_email":"agent@loja.example"}"#
        let smtp = try await plugin.createInstance(config: Data(config.utf8)).get()
        let answer = try await smtp.invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
        #expect(answer.status == .permanent && answer.errorMessage == "destination not allowed")
    }

    /// libpq is pinned to a resolved, allowed address: loopback by address or by name is refused, and so is a Unix
    /// socket (refused when the config is created).
    @Test(arguments: ["127.0.0.1", "localhost"])
    func aDatabaseProviderCannotReachLoopback(host: String) async throws {
        let plugin = try await load(ClientSupabasePostgresTests.plugin, .process)
        defer { plugin.close() }
        let config =
            #"{"mode":"postgres","connection_string":"postgresql://agent:pw@\#(host):\#(try TestPostgres.port())/postgres","allowed_tables":["orders"]}"#
        let database = try await plugin.createInstance(config: Data(config.utf8)).get()
        let answer = try await database.invoke("test", input: Data("{}".utf8), timeoutMs: 30_000)
        #expect(answer.status == .permanent && answer.errorMessage == "destination not allowed")

        let socket = #"{"mode":"postgres","connection_string":"host=/var/run/postgresql dbname=shop","allowed_tables":["orders"]}"#
        let refused = try #require(try await plugin.createInstance(config: Data(socket.utf8)).failure)
        #expect(refused.result.status == .invalid && refused.result.errorFieldName == "connection_string")
        #expect(refused.result.errorMessage == "connection_string must name a network host, not a Unix socket")
    }

    /// The policy itself, on addresses only (nothing is sent anywhere).
    @Test func theDefaultPolicyRefusesEveryInternalRange() throws {
        let policy = NetworkPolicy()
        let refused = [
            "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255",
            "::1", "::", "fe80::1", "fc00::1", "fd12::1", "ff02::1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:c0a8:0101::1",
        ]
        for address in refused { #expect(!policy.allows(try #require(IPNetwork(address)).bytes), "\(address)") }
        for address in ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"] {
            #expect(policy.allows(try #require(IPNetwork(address)).bytes), "\(address)")
        }
        let allowing = try NetworkPolicy(allowing: "127.0.0.0/8, ::1")
        #expect(allowing.allows(try #require(IPNetwork("127.0.0.9")).bytes))
        #expect(allowing.allows(try #require(IPNetwork("::ffff:127.0.0.1")).bytes))
        #expect(!allowing.allows(try #require(IPNetwork("10.0.0.1")).bytes))
        #expect(throws: ConfigurationError.self) { try NetworkPolicy(allowing: "127.0.0.0/33") }
    }
}
