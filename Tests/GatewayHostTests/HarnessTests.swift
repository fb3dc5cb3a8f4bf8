import Foundation
import GatewayHost
import Logging
import Testing

@Suite struct HarnessTests {
    private func run(_ path: String, _ isolation: PluginSettings.Isolation = .process) async -> [HarnessCheck] {
        await ProviderHarness(
            path: path, config: nil, live: false, settings: TestPlugins.settings(isolation, graceMs: 300), logger: Logger(label: "test"),
            timeoutMs: 2_000
        )
        .run()
    }

    private func failed(_ checks: [HarnessCheck]) -> [String] {
        checks.filter { !$0.passed }.map(\.name)
    }

    @Test(arguments: [PluginSettings.Isolation.process, .inProcess])
    func theCProviderPassesEveryCheck(_ isolation: PluginSettings.Isolation) async throws {
        let checks = await run(try CProviders.echo(), isolation)
        #expect(failed(checks) == [])
        #expect(checks.count >= 14, "negotiation, manifest, config validation, ops, deadline, concurrency, vectors, buffers")
        #expect(checks.contains { $0.name == "webhook vector 'wrong token' is refused with AUTH" && $0.passed })
    }

    @Test func theSwiftProviderPassesEveryCheck() async throws {
        let checks = await run(TestPaths.swiftEchoPlugin)
        #expect(failed(checks) == [])
    }

    @Test func liveModeTestsAndSendsToTheRealServiceInTheConfig() async throws {
        try await EchoEndpoint.run { url, seen in
            let config: [String: JSONValue] = [
                "endpoint": .string("\(url)/echo"), "token": .string("live-token"), "test_recipient": .string("5511999990000"),
            ]
            let checks = await ProviderHarness(
                path: TestPaths.swiftEchoPlugin, config: config, live: true, settings: TestPlugins.settings(), logger: Logger(label: "test")
            ).run()
            #expect(failed(checks) == [])
            #expect(checks.contains { $0.name == "live test" && $0.passed })
            #expect(checks.contains { $0.name == "live send to the test recipient" && $0.passed })
            #expect(seen.all == ["Bearer live-token"], "exactly one live send reached the service")
        }
    }

    @Test func liveModeFailsWhenTheServiceIsDown() async throws {
        let config: [String: JSONValue] = ["endpoint": .string("http://127.0.0.1:1/echo"), "token": .string("t")]
        let checks = await ProviderHarness(
            path: TestPaths.swiftEchoPlugin, config: config, live: true, settings: TestPlugins.settings(), logger: Logger(label: "test")
        ).run()
        #expect(failed(checks) == ["live test"])
    }

    @Test(arguments: ["NO_ENTRY", "BAD_SIZE", "NEWER_MINOR", "OTHER_MAJOR"])
    func aLibraryTheLoaderRefusesFailsNegotiation(variant: String) async throws {
        let checks = await run(try CProviders.misbehaving(variant))
        #expect(failed(checks) == ["entry symbol and ABI version negotiation"])
    }

    @Test func aMalformedManifestFailsTheManifestCheck() async throws {
        let checks = await run(try CProviders.misbehaving("BAD_MANIFEST"))
        #expect(failed(checks) == ["manifest is valid"])
    }

    @Test func malformedOutputFailsTheJSONCheck() async throws {
        let checks = await run(try CProviders.misbehaving("BAD_JSON"))
        #expect(failed(checks).contains("outputs are valid JSON"))
        #expect(failed(checks).contains("an unknown op is UNSUPPORTED"))
    }

    /// (In-process, the same plugin would hold 64 of the host's call threads for 4 s: PluginCallTests covers that mode.)
    @Test func aHangingPluginFailsTheDeadlineCheckAndTheHarnessStillEnds() async throws {
        let checks = await run(try CProviders.misbehaving("HANG"))
        let unknownOp = try #require(checks.first { $0.name == "an unknown op is UNSUPPORTED" })
        #expect(!unknownOp.passed)
        // The deadline the process was given is what was left of the 2 s when the call was sent.
        let killed = try #require(
            unknownOp.detail.wholeMatch(of: /got provider process for misbehaving_hang died: killed after a call overran its (\d+) ms deadline by 300 ms/))
        #expect((1_900...2_000).contains(Int(killed.output.1) ?? 0), "\(unknownOp.detail)")
        let deadline = try #require(checks.first { $0.name == "a call past its deadline returns TIMEOUT promptly" })
        #expect(!deadline.passed)
        #expect(checks.last?.name == "outputs are valid JSON")
    }

    @Test func aSloppyPluginFailsEachPromiseItBreaks() async throws {
        let failures = failed(await run(try CProviders.misbehaving("SLOPPY")))
        #expect(
            failures == [
                "create with an empty config is INVALID naming a required field",
                "create with a wrong-typed 'token' is INVALID naming it",
                "an unknown op is UNSUPPORTED",
                "a call past its deadline returns TIMEOUT promptly",
                "output buffers come from the host allocator",
            ]
        )
    }
}
