import Foundation
import Glibc

/// Files only their owner may read (keys and secrets): written to a temporary file created with mode 0600, synced,
/// then renamed over the target, so a reader never sees half a file and the secret is never briefly world-readable.
enum PrivateFile {
    struct WriteFailed: Error, CustomStringConvertible {
        let description: String
    }

    static func write(_ data: Data, to path: String) throws(WriteFailed) {
        let temporary = try writeTemporary(data, for: path)
        defer { unlink(temporary) }
        guard rename(temporary, path) == 0 else { throw WriteFailed(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// Creates the file only if it does not exist yet; false when another process got there first (two processes
    /// starting on a fresh install must end up with the same generated key, so the loser reads the winner's).
    static func create(_ data: Data, at path: String) throws(WriteFailed) -> Bool {
        let temporary = try writeTemporary(data, for: path)
        defer { unlink(temporary) }
        if link(temporary, path) == 0 { return true }
        guard errno == EEXIST else { throw WriteFailed(description: "cannot create \(path): \(String(cString: strerror(errno)))") }
        return false
    }

    private static func writeTemporary(_ data: Data, for path: String) throws(WriteFailed) -> String {
        let temporary = "\(path).\(getpid()).tmp"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw WriteFailed(description: "cannot create \(path): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced else {
            unlink(temporary)
            throw WriteFailed(description: "cannot write \(path)")
        }
        return temporary
    }

    /// Creates a directory for such files (and the embedded database), readable by its owner only.
    static func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// When the file was last changed, to notice another process rewriting it.
    static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
