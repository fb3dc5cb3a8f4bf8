import Configuration
import Foundation
import SystemPackage
import Yams

/// Where configuration comes from, read through swift-configuration: flags first, then the environment, then an
/// optional JSON or YAML file (`--config`). Each key of `ConfigurationKey.all` is looked up in that order and its value
/// handed as text to `GatewayConfiguration.fromEnvironment`, which checks it and names the key it refuses.
package struct ConfigurationSources: Sendable {
    /// Values given as flags (`--port`), by their environment names.
    package var flags: [String: String] = [:]
    package var environment: [String: String] = ProcessInfo.processInfo.environment
    /// A `.json`, `.yaml` or `.yml` file.
    package var file: String?

    package init(flags: [String: String] = [:], environment: [String: String] = ProcessInfo.processInfo.environment, file: String? = nil) {
        (self.flags, self.environment, self.file) = (flags, environment, file)
    }

    /// Each key that has a value, by its environment name, with where it came from (`flag`, `environment`, the file).
    package func values() async throws -> [String: (value: String, source: String)] {
        var layers: [(String, ConfigReader)] = [
            ("flag", ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: flags))),
            ("environment", ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment))),
        ]
        if let file {
            try checkKeys(of: file)
            let path = FilePath(file)
            let provider: any ConfigProvider
            do {
                provider = file.hasSuffix(".json")
                    ? try await FileProvider<JSONSnapshot>(filePath: path) : try await FileProvider<YAMLSnapshot>(filePath: path)
            } catch {
                throw Self.unreadable(file)
            }
            layers.append((file, ConfigReader(provider: provider)))
        }
        var found: [String: (value: String, source: String)] = [:]
        for key in ConfigurationKey.all {
            for (source, reader) in layers {
                if let value = Self.text(of: key, in: reader) {
                    found[key.name] = (value, source)
                    break
                }
            }
        }
        return found
    }

    /// The configuration these sources make; a bad value is an error naming its key.
    package func configuration(buildDirectory: String? = nil) async throws -> GatewayConfiguration {
        try GatewayConfiguration.fromEnvironment(try await values().mapValues(\.value), buildDirectory: buildDirectory)
    }

    /// A key's value as text: a string as it is; a number or boolean written out; a list joined with its separator.
    private static func text(of key: ConfigurationKey, in reader: ConfigReader) -> String? {
        let path = ConfigKey(key.path)
        if let text = reader.string(forKey: path, isSecret: key.secret) { return text }
        if let number = reader.int(forKey: path) { return String(number) }
        if let number = reader.double(forKey: path) { return String(number) }
        if let flag = reader.bool(forKey: path) { return flag ? "on" : "off" }
        if let items = reader.stringArray(forKey: path, isSecret: key.secret) { return items.joined(separator: key.separator ?? ",") }
        if let items = reader.intArray(forKey: path) { return items.map(String.init).joined(separator: key.separator ?? ",") }
        return nil
    }

    /// A file may hold only the keys `ConfigurationKey.all` lists: a misspelt key is an error, never silently unread.
    private func checkKeys(of file: String) throws {
        guard file.hasSuffix(".json") || file.hasSuffix(".yaml") || file.hasSuffix(".yml") else {
            throw ConfigurationError(key: "--config", value: file, reason: "it must be a .json, .yaml or .yml file")
        }
        let parsed: Any?
        do {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            parsed = file.hasSuffix(".json") ? try JSONSerialization.jsonObject(with: Data(text.utf8)) : try Yams.load(yaml: text)
        } catch {
            throw Self.unreadable(file)
        }
        guard let top = parsed as? [String: Any] else { throw ConfigurationError(key: "--config", value: file, reason: "it must hold an object") }
        let known = Set(ConfigurationKey.all.map(\.path))
        if let unknown = Self.paths(top).sorted().first(where: { !known.contains($0) }) {
            throw ConfigurationError(key: unknown, value: "", reason: "not a configuration key, in \(file) (gateway config check lists them)")
        }
    }

    /// The parser's own words are left out: they may quote a line of the file, and a file may hold secrets.
    private static func unreadable(_ file: String) -> ConfigurationError {
        ConfigurationError(key: "--config", value: file, reason: "it cannot be read, or is not valid JSON or YAML")
    }

    /// The dotted paths of the leaves of a parsed file.
    private static func paths(_ object: [String: Any], prefix: String = "") -> [String] {
        object.flatMap { key, value in
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            return (value as? [String: Any]).map { paths($0, prefix: path) } ?? [path]
        }
    }
}
