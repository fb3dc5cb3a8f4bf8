import ArgumentParser
import Foundation
import GatewayHost

/// `gateway config check`: the effective configuration, secrets masked, or the key that is wrong.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Inspect the configuration.", subcommands: [Check.self, Sample.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Print every key's effective value and where it came from (secrets masked); exit 1 naming a bad key.")

        @OptionGroup var settings: ConfigurationOptions

        func run() async throws {
            let sources = ConfigurationSources(file: settings.file)
            do {
                let values = try await sources.values()
                _ = try await sources.configuration()
                for key in ConfigurationKey.all {
                    let found = values[key.name]
                    let shown = found.map { key.secret ? "(set, masked)" : $0.value } ?? (key.defaultValue.isEmpty ? "(unset)" : key.defaultValue)
                    print("\(key.name) (\(key.path)) = \(shown)  [\(found?.source ?? "default")]")
                }
                print("configuration ok")
            } catch {
                FileHandle.standardError.write(Data("configuration refused: \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}

extension ConfigCommand {
    /// `gateway config sample`: a configuration file listing every key, for a new install (the Debian package's).
    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample",
            abstract: "Print a YAML configuration file listing every key at its default, commented out; --set writes a value instead.")

        @Option(name: .customLong("set"), help: "NAME=VALUE, e.g. GATEWAY_DATA_DIR=/var/lib/gateway (repeatable).")
        var values: [String] = []

        func run() throws {
            var set: [String: String] = [:]
            for pair in values {
                guard let equals = pair.firstIndex(of: "=") else { throw ValidationError("--set takes NAME=VALUE, not '\(pair)'") }
                set[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            do {
                print(try ConfigurationSample.yaml(setting: set), terminator: "")
            } catch {
                throw ValidationError(error.description)
            }
        }
    }
}
