import Foundation
import Testing

@testable import GatewayHost

/// Configuration from flags, the environment and a JSON or YAML file (swift-configuration), checked key by key, and
/// `gateway config check` as an operator runs it.
@Suite struct ConfigurationSourcesTests {
    private func file(_ name: String, _ text: String) throws -> String {
        let url = try TestPaths.scratchDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func flagsWinOverTheEnvironmentWhichWinsOverTheFile() async throws {
        let json = try file(
            "gateway.json", #"{"gateway": {"port": 9001, "workers": 3, "retryBackoffMs": [100, 200], "scheduler": false}, "redis": {"url": "redis://127.0.0.1:1"}}"#)
        let sources = ConfigurationSources(flags: ["GATEWAY_PORT": "9003"], environment: ["GATEWAY_PORT": "9002", "GATEWAY_WORKERS": "5"], file: json)
        let configuration = try await sources.configuration()
        #expect(configuration.port == 9003 && configuration.delivery.concurrency == 5)
        #expect(configuration.delivery.retryBackoff == [.milliseconds(100), .milliseconds(200)] && !configuration.scheduler.enabled)
        #expect(configuration.redisURL == "redis://127.0.0.1:1")
        let values = try await sources.values()
        #expect(values["GATEWAY_PORT"]?.source == "flag" && values["GATEWAY_WORKERS"]?.source == "environment")
        #expect(values["REDIS_URL"]?.source == json)

        let yaml = try file("gateway.yaml", "gateway:\n  port: 9100\n  pluginDirs:\n    - /opt/a\n    - /opt/b\ndatabase:\n  url: postgres://u:p@127.0.0.1/db\n")
        let fromYAML = try await ConfigurationSources(environment: [:], file: yaml).configuration()
        #expect(fromYAML.port == 9100 && fromYAML.pluginDirectories == ["/opt/a", "/opt/b"] && fromYAML.databaseURL == "postgres://u:p@127.0.0.1/db")
    }

    /// The sample file (the Debian package's /etc/gateway/gateway.yaml) lists every key, reads back as exactly the
    /// values it sets (the rest at their defaults), and refuses a name that is not a key.
    @Test func theSampleListsEveryKeyAndReadsBackAsWhatItSets() async throws {
        let text = try ConfigurationSample.yaml(setting: ["GATEWAY_DATA_DIR": "/var/lib/gateway", "GATEWAY_PORT": "8181", "REDIS_URL": #"redis://a"b"#])
        for key in ConfigurationKey.all {
            #expect(text.contains("# \(key.name): "), "\(key.name) is described")
            #expect(text.contains(" \(key.path.split(separator: ".").last ?? ""): "), "\(key.path) is listed")
        }
        let sources = ConfigurationSources(environment: [:], file: try file("sample.yaml", text))
        let values = try await sources.values()
        #expect(values.mapValues(\.value) == ["GATEWAY_DATA_DIR": "/var/lib/gateway", "GATEWAY_PORT": "8181", "REDIS_URL": #"redis://a"b"#])
        let configuration = try await sources.configuration()
        #expect(configuration.port == 8181 && configuration.dataDirectory == "/var/lib/gateway" && configuration.databaseURL == nil)
        #expect(throws: ConfigurationSample.UnknownKey.self) { try ConfigurationSample.yaml(setting: ["GATEWAY_PROT": "1"]) }
    }

    @Test func aBadOrUnknownKeyIsAnErrorNamingIt() async throws {
        let misspelt = try file("misspelt.json", #"{"gateway": {"prot": 9001}}"#)
        await #expect { try await ConfigurationSources(environment: [:], file: misspelt).configuration() } throws: { error in
            (error as? ConfigurationError)?.key == "gateway.prot"
        }
        let wrongType = try file("wrong.yaml", "gateway:\n  port: eighty\n")
        await #expect { try await ConfigurationSources(environment: [:], file: wrongType).configuration() } throws: { error in
            (error as? ConfigurationError)?.key == "GATEWAY_PORT"
        }
        await #expect { try await ConfigurationSources(environment: [:], file: "/nonexistent/gateway.json").configuration() } throws: { error in
            (error as? ConfigurationError)?.key == "--config"
        }
        let broken = try file("broken.yaml", "gateway:\n  jwtSecret: \"s3cr3t-value-that-must-not-leak\n  port: [\n")
        await #expect { try await ConfigurationSources(environment: [:], file: broken).configuration() } throws: { error in
            // A parser's own words may quote a line of the file, secret and all: they are not repeated.
            (error as? ConfigurationError)?.key == "--config" && !"\(error)".contains("s3cr3t")
        }
        #expect(ConfigurationKey.all.count == Set(ConfigurationKey.all.map(\.path)).count, "every key has its own path")
        #expect(ConfigurationKey.all.first { $0.name == "GATEWAY_DB_TIMEOUT_MS" }?.path == "gateway.dbTimeoutMs")
    }

    @Test func configCheckPrintsTheEffectiveValuesMaskedOrNamesTheBadKey() async throws {
        let good = try file("good.json", #"{"gateway": {"port": 9200, "jwtSecret": "an-operator-secret-of-32-characters!!"}}"#)
        let checked = try await GatewayCommand.run(["config", "check", "--config", good], environment: ["DATABASE_URL": "postgres://u:hunter2@127.0.0.1/db"])
        #expect(checked.status == 0, "\(checked.errors)")
        #expect(checked.output.contains("GATEWAY_PORT (gateway.port) = 9200  [\(good)]"))
        #expect(checked.output.contains("GATEWAY_WORKERS (gateway.workers) = 16  [default]"))
        #expect(checked.output.contains("DATABASE_URL (database.url) = (set, masked)  [environment]"))
        #expect(!checked.output.contains("hunter2") && !checked.output.contains("an-operator-secret"))
        let bad = try file("bad.json", #"{"gateway": {"port": 70000}}"#)
        let refused = try await GatewayCommand.run(["config", "check", "--config", bad])
        #expect(refused.status != 0 && refused.errors.contains("GATEWAY_PORT=70000"), "\(refused.errors)")
    }
}
