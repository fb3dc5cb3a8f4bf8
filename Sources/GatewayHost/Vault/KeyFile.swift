import Foundation

/// The key file: JSON `{"keys": ["<base64>", ...]}`, current key first, readable by its owner only (0600).
package enum KeyFile {
    private struct Contents: Codable {
        let keys: [String]
    }

    package static func read(_ path: String) throws(VaultError) -> Keyring {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw VaultError(.badKey, "cannot read the key file \(path)")
        }
        guard let contents = try? JSONDecoder().decode(Contents.self, from: data), let first = contents.keys.first else {
            throw VaultError(.badKey, "the key file \(path) is not {\"keys\": [\"<base64 of 32 bytes>\", ...]}")
        }
        var previous: [EncryptionKey] = []
        for key in contents.keys.dropFirst() { previous.append(try EncryptionKey(base64: key)) }
        return Keyring(current: try EncryptionKey(base64: first), previous: previous)
    }

    /// Whether anyone but the owner may read or write the file.
    package static func isExposed(_ path: String) -> Bool {
        let permissions = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int
        return (permissions ?? 0) & 0o077 != 0
    }

    /// Replaces the file atomically, readable by its owner only.
    package static func write(_ keyring: Keyring, to path: String) throws(VaultError) {
        do {
            try PrivateFile.write(encode(keyring), to: path)
        } catch {
            throw VaultError(.badKey, error.description)
        }
    }

    /// Creates the file unless it exists; false when another process created it first.
    static func create(_ keyring: Keyring, at path: String) throws(VaultError) -> Bool {
        do {
            return try PrivateFile.create(encode(keyring), at: path)
        } catch {
            throw VaultError(.badKey, error.description)
        }
    }

    private static func encode(_ keyring: Keyring) -> Data {
        let contents = Contents(keys: ([keyring.current] + keyring.previous).map(\.base64))
        // Encoding an array of strings cannot fail.
        return ((try? JSONEncoder().encode(contents)) ?? Data()) + Data([0x0A])
    }
}
