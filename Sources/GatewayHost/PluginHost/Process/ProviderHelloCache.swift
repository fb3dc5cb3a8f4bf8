import CGatewaySupport
import Foundation
import Synchronization

/// What each provider plugin said when its process last started, kept in the data directory, so that a restart
/// registers the plugin from its manifest and starts its process only when a call needs it. An entry counts only while
/// both the plugin file and the `gateway` binary serving provider processes are the very files it was read from (the
/// same device, inode, size, modification and change times; the change time cannot be set back), and its manifest is
/// checked again as a fresh one is; anything else, or a file that will not read, is a miss: the process is started to
/// ask.
final class ProviderHelloCache: Sendable {
    private let file: URL
    private let entries: Mutex<Contents>

    private struct Contents: Codable {
        var host: FileIdentity?
        var plugins: [String: Entry] = [:]
        /// Entries remembered since the file was last written.
        var unsaved = false

        enum CodingKeys: CodingKey {
            case host, plugins
        }
    }

    private struct Entry: Codable {
        let file: FileIdentity
        let hello: ProviderHello
    }

    /// The cache in `directory` for plugins served by `providerHost`; nothing is read or written while the directory
    /// does not exist (it is not this cache's to create).
    init(directory: String, providerHost: String) {
        file = URL(fileURLWithPath: directory).appendingPathComponent("provider-hellos.json")
        var contents = (try? Data(contentsOf: file)).flatMap { try? JSONDecoder().decode(Contents.self, from: $0) } ?? Contents()
        let hostNow = FileIdentity(path: providerHost)
        if contents.host == nil || contents.host != hostNow { contents = Contents(host: hostNow) }
        contents.plugins = contents.plugins.filter { path, _ in FileIdentity(path: path) != nil }  // files since removed
        entries = Mutex(contents)
    }

    /// The hello the plugin at `path` gave, if the file is still the one that gave it.
    func hello(for path: String) -> ProviderHello? {
        guard let identity = FileIdentity(path: path) else { return nil }
        return entries.withLock { contents in
            guard contents.host != nil, let entry = contents.plugins[path], entry.file == identity else { return nil }
            return entry.hello
        }
    }

    /// Keeps what the plugin at `path` said, until `save`.
    func remember(_ hello: ProviderHello, for path: String) {
        guard let identity = FileIdentity(path: path) else { return }
        entries.withLock { contents in
            contents.plugins[path] = Entry(file: identity, hello: hello)
            contents.unsaved = true
        }
    }

    /// Writes what was remembered since the last save, atomically (several processes may share the directory).
    func save() {
        entries.withLock { contents in
            guard contents.unsaved, contents.host != nil, FileManager.default.fileExists(atPath: file.deletingLastPathComponent().path) else { return }
            try? JSONEncoder().encode(contents).write(to: file, options: [.atomic])
            contents.unsaved = false
        }
    }
}

/// Which file a path names now, as far as telling a replaced or rewritten file apart: device, inode, size,
/// modification and change times (ns).
struct FileIdentity: Codable, Equatable {
    let fields: [UInt64]

    init?(path: String) {
        var identity = [UInt64](repeating: 0, count: 5)
        guard cgw_file_identity(path, &identity) == 0 else { return nil }
        fields = identity
    }
}
