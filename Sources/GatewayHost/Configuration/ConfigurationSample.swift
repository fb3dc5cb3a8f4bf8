import Foundation

/// A YAML configuration file listing every key (`ConfigurationKey.all`) with its meaning, commented out at its default;
/// the keys in `values` are written out instead. What `gateway config sample` prints and the
/// Debian package installs as `/etc/gateway/gateway.yaml`, so the file never misses a key.
package enum ConfigurationSample {
    package struct UnknownKey: Error, CustomStringConvertible {
        let name: String
        package var description: String { "no configuration key \(name) (gateway config check lists them)" }
    }

    package static func yaml(setting values: [String: String] = [:]) throws(UnknownKey) -> String {
        if let unknown = values.keys.sorted().first(where: { name in !ConfigurationKey.all.contains { $0.name == name } }) {
            throw UnknownKey(name: unknown)
        }
        var lines = [
            "# The gateway's configuration (YAML). Every key is listed with what it means and its default; a key left",
            "# commented out takes its default. Flags and the environment take precedence over this file; secrets",
            "# (DATABASE_URL, REDIS_URL, the keys, the JWT secret) are better kept in the environment.",
            "# `gateway config check --config FILE` prints every key's effective value and where it came from.",
        ]
        var groups: [String] = []
        for key in ConfigurationKey.all where !groups.contains(key.group) { groups.append(key.group) }
        for group in groups {
            let keys = ConfigurationKey.all.filter { $0.group == group }
            let open = keys.contains { values[$0.name] != nil }
            lines += ["", open ? "\(group):" : "# \(group):"]
            for key in keys {
                let secret = key.secret ? " Secret." : ""
                lines.append("  # \(key.name): \(key.meaning).\(secret)")
                let field = key.path.dropFirst(group.count + 1)
                lines.append(values[key.name].map { "  \(field): \(quoted($0))" } ?? "  # \(field): \(quoted(key.defaultValue))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar.
    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

extension ConfigurationKey {
    /// The file group the key sits under: `gateway` for `gateway.dbTimeoutMs`.
    var group: String { String(path.prefix { $0 != "." }) }
}
