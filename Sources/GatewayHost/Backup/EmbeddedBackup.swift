import Foundation

/// `gateway backup` and `gateway restore` on the embedded install: a consistent copy of the SQLite database taken while
/// the gateway runs (`VACUUM INTO`, one read transaction), with the key files generated beside it; restored only into a
/// data directory that holds none of them. A PostgreSQL install is backed up with `pg_dump` instead, its keys being in
/// its configuration (docs/operations.md).
package enum EmbeddedBackup {
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    static let database = "gateway.sqlite"
    /// What a restore needs besides the database: without `encryption.key` no sealed value can be read, without
    /// `jwt.secret` every issued token and refresh token is void. Absent when the configuration gives the keys.
    static let keyFiles = ["encryption.key", "jwt.secret"]

    /// Writes the backup into `destination` (made 0700; it must be absent or empty); answers the files written.
    package static func backup(dataDirectory: String, to destination: String) throws -> [String] {
        let source = path(dataDirectory, database)
        guard FileManager.default.fileExists(atPath: source) else {
            throw Failure(description: "no embedded database at \(source) (a PostgreSQL install is backed up with pg_dump)")
        }
        try emptyDirectory(destination)
        let copy = path(destination, database)
        let connection = try SQLiteConnection(path: source)
        _ = try connection.query("VACUUM INTO $1", [.text(copy)])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy)
        return [copy] + (try copyKeyFiles(from: dataDirectory, to: destination))
    }

    /// Restores the backup in `source` into `dataDirectory` (made 0700), which must hold no database or key file;
    /// answers the files written.
    package static func restore(from source: String, into dataDirectory: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path(source, database)) else { throw Failure(description: "no \(database) in \(source)") }
        if let present = ([database] + keyFiles).first(where: { FileManager.default.fileExists(atPath: path(dataDirectory, $0)) }) {
            throw Failure(description: "\(path(dataDirectory, present)) exists: restore into a data directory without a database or keys")
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let copy = path(dataDirectory, database)
        try FileManager.default.copyItem(atPath: path(source, database), toPath: copy)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy)
        return [copy] + (try copyKeyFiles(from: source, to: dataDirectory))
    }

    private static func copyKeyFiles(from source: String, to destination: String) throws -> [String] {
        try keyFiles.filter { FileManager.default.fileExists(atPath: path(source, $0)) }.map { name in
            let copy = path(destination, name)
            try FileManager.default.copyItem(atPath: path(source, name), toPath: copy)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy)
            return copy
        }
    }

    private static func emptyDirectory(_ directory: String) throws {
        if FileManager.default.fileExists(atPath: directory) {
            guard try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty else {
                throw Failure(description: "\(directory) is not empty: back up into a new directory")
            }
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
        } else {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    private static func path(_ directory: String, _ name: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(name).path
    }
}
