import Foundation
import Testing

/// The `gateway` binary's provider test harness and plugin commands, run as a user would.
@Suite struct CommandLineTests {
    private func gateway(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String, errors: String) {
        try await GatewayCommand.run(arguments, environment: environment)
    }

    @Test func providerTestPassesTheCProvider() async throws {
        let (status, output, _) = try await gateway(["provider-test", try CProviders.echo()])
        let lines = output.split(separator: "\n")
        #expect(status == 0)
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("PASS ") })
        #expect(lines.last?.hasSuffix(" passed, 0 failed") == true)
    }

    @Test func providerTestNamesEachFailureAndExitsNonZero() async throws {
        let (status, output, _) = try await gateway(["provider-test", try CProviders.misbehaving("SLOPPY")])
        #expect(status != 0)
        #expect(output.contains("FAIL an unknown op is UNSUPPORTED: got OK"))
        #expect(output.contains("FAIL output buffers come from the host allocator: "))
        #expect(output.split(separator: "\n").last?.hasSuffix(" passed, 5 failed") == true)
    }

    /// The plugin runs in its own process: a crash fails the checks it hits, with the cause, and the harness goes on.
    @Test func providerTestSurvivesACrashingPluginAndNamesTheCause() async throws {
        let (status, output, _) = try await gateway(["provider-test", try CProviders.misbehaving("SEGFAULT")])
        #expect(status != 0)
        #expect(output.contains("FAIL an unknown op is UNSUPPORTED: got provider process for misbehaving_segfault died: signal 11"), "\(output)")
        #expect(output.split(separator: "\n").last?.contains(" passed, ") == true, "the harness ran to its summary")
    }

    @Test func pluginsListRunsEachPluginWhereTheSettingsSay() async throws {
        let directory = try TestPaths.scratchDirectory()
        try FileManager.default.copyItem(atPath: try CProviders.echo(), toPath: directory.appendingPathComponent("libc_echo.so").path)
        try FileManager.default.copyItem(atPath: TestPaths.swiftEchoPlugin, toPath: directory.appendingPathComponent("libSwiftHTTPEcho.so").path)
        let (status, output, _) = try await gateway(
            ["plugins", "list"], environment: ["GATEWAY_PLUGIN_DIRS": directory.path, "GATEWAY_PLUGINS_IN_PROCESS": "c_echo"])
        #expect(status == 0)
        #expect(output.contains("c_echo\t1.0.0\techo\tops=test,send,echo,noop\tin-process\t"))
        #expect(output.contains("swift_http_echo\t1.0.0\techo\tops=test,send,echo\tprocess\t"))
    }

    @Test func providerTestUsesAConfigFile() async throws {
        let config = try TestPaths.scratchDirectory().appendingPathComponent("config.json")
        try Data(#"{"token":"from-file","prefix":""}"#.utf8).write(to: config)
        let (status, output, _) = try await gateway(["provider-test", try CProviders.echo(), "--config", config.path])
        #expect(status == 0, "\(output)")
    }

    @Test func inspectPrintsTheManifestOrTheRefusal() async throws {
        let (status, output, _) = try await gateway(["plugins", "inspect", TestPaths.swiftEchoPlugin])
        #expect(status == 0)
        #expect(output.contains(#""id" : "swift_http_echo""#))

        let (refused, reason, _) = try await gateway(["plugins", "inspect", try CProviders.misbehaving("NEWER_MINOR")])
        #expect(refused != 0)
        #expect(reason.contains("refused (newer_abi_minor): ABI 1.2 is newer than the host's 1.1"))
    }

    @Test func pluginsListShowsWhatLoadedAndWhatWasRefused() async throws {
        let directory = try TestPaths.scratchDirectory()
        try FileManager.default.copyItem(atPath: try CProviders.echo(), toPath: directory.appendingPathComponent("libc_echo.so").path)
        try FileManager.default.copyItem(atPath: try CProviders.misbehaving("BAD_SIZE"), toPath: directory.appendingPathComponent("libbad.so").path)
        let (status, output, _) = try await gateway(["plugins", "list"], environment: ["GATEWAY_PLUGIN_DIRS": directory.path])
        #expect(status == 0)
        #expect(output.contains("c_echo\t1.0.0\techo\tops=test,send,echo,noop\t"))
        #expect(output.contains("refused\t\(directory.path)/libbad.so: refused (bad_struct_size)"))
        #expect(output.hasSuffix("1 loaded, 1 refused\n"))
    }

    @Test func aMalformedSettingIsRefusedByName() async throws {
        let (status, _, errors) = try await gateway(["plugins", "list"], environment: ["GATEWAY_PORT": "eighty"])
        #expect(status != 0)
        #expect(errors.contains("GATEWAY_PORT=eighty is not a valid value"))
    }

    @Test func migrateAppliesOnceAndServeOnAPostgresInstallNeedsItsKeysConfigured() async throws {
        let data = try TestPaths.scratchDirectory().path
        let first = try await gateway(["migrate"], environment: ["GATEWAY_DATA_DIR": data])
        #expect(first.status == 0)
        #expect(first.output.contains("applied migrations 1"))
        #expect(try await gateway(["migrate"], environment: ["GATEWAY_DATA_DIR": data]).output.contains("schema is current"))

        let database = try GatewayDatabase()
        let url = try database.url
        #expect(try await gateway(["migrate"], environment: ["DATABASE_URL": url]).output.contains("applied migrations 1"))
        let serve = try await gateway(["serve", "--port", "0"], environment: ["DATABASE_URL": url])
        #expect(serve.status != 0)
        #expect(serve.errors.contains("GATEWAY_ENCRYPTION_KEY"))
        #expect(!serve.errors.contains(database.password), "the connection string is never repeated")
    }

    @Test func tokenIssueMintsATokenAndKeysRotateReportsProgress() async throws {
        let environment = ["GATEWAY_DATA_DIR": try TestPaths.scratchDirectory().path]
        let issued = try await gateway(["token", "issue", "--client", "acme", "--role", "admin", "--ttl", "60"], environment: environment)
        #expect(issued.status == 0)
        #expect(issued.output.split(separator: ".").count == 3, "a JWT")
        #expect(try await gateway(["token", "issue", "--client", "acme", "--role", "root"], environment: environment).status != 0)
        #expect(try await gateway(["token", "issue", "--client", "Not Valid", "--role", "admin"], environment: environment).status != 0)

        let rotated = try await gateway(["keys", "rotate"], environment: environment)
        #expect(rotated.status == 0)
        #expect(rotated.output.contains("done: 0 of 0 integrations re-encrypted; every readable secret is under key "))
        let checked = try await gateway(["keys", "check"], environment: environment)
        #expect(checked.status == 0 && checked.output == "0 integrations, 0 unreadable\n")
    }
}
