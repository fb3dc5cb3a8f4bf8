import ArgumentParser
import Foundation
import GatewayHost

/// `gateway config check`: the effective configuration, secrets masked, or the key that is wrong.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Inspect the configuration.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
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
