import Foundation
public import Logging
import Synchronization

/// The providers loaded from the plugin directories, by id, and the files that were refused, by path.
/// A file is tried once per version of its contents (modification time, size, inode).
public final class PluginRegistry: Sendable {
    private struct FileStamp: Equatable {
        let modified: Date
        let size: Int
        let inode: Int
    }

    private struct State {
        var plugins: [String: LoadedPlugin] = [:]
        var errors: [String: PluginLoadError] = [:]
        /// The stamp each file had when it was last tried.
        var tried: [String: FileStamp] = [:]
        /// Files seen changing in the last scan: tried only once their stamp holds still, so a half-copied file is
        /// not mistaken for a broken one.
        var settling: [String: FileStamp] = [:]
    }

    private let state = Mutex(State())
    private let logger: Logger
    public let settings: PluginSettings
    private let hellos: ProviderHelloCache?

    /// With `helloDirectory`, what each plugin said when its process last started is kept there, and a restart starts
    /// no provider process until a call needs it.
    public init(settings: PluginSettings, helloDirectory: String? = nil, logger: Logger) {
        self.logger = logger
        self.settings = settings
        hellos = helloDirectory.map { ProviderHelloCache(directory: $0, providerHost: settings.providerHostExecutable) }
    }

    /// Loaded providers, sorted by id.
    public var plugins: [LoadedPlugin] { state.withLock { $0.plugins.values.sorted { $0.manifest.id < $1.manifest.id } } }

    /// Refused files, sorted by path.
    public var loadErrors: [PluginLoadError] { state.withLock { $0.errors.values.sorted { $0.path < $1.path } } }

    public func plugin(id: String) -> LoadedPlugin? { state.withLock { $0.plugins[id] } }

    /// Tries every new or changed `.so` in `directories`. With `waitForStableFiles`, a file is tried only once it
    /// looks the same in two scans in a row (the watcher's case); at start-up every file is tried at once.
    public func scan(_ directories: [String], waitForStableFiles: Bool) async {
        let files = directories.flatMap(Self.libraries(in:))
        let due: [String] = state.withLock { state in
            state.errors = state.errors.filter { path, _ in files.contains { $0.path == path } }
            var due: [String] = []
            for (path, stamp) in files where state.tried[path] != stamp {
                if waitForStableFiles, state.settling[path] != stamp {
                    state.settling[path] = stamp
                    continue
                }
                state.settling[path] = nil
                state.tried[path] = stamp
                due.append(path)
            }
            return due
        }
        // Loaded side by side (each may start a process and wait for its hello), registered in path order.
        let loaded = await withTaskGroup { group in
            for path in due { group.addTask { [self] in (path, await PluginLoader.load(path: path, settings: settings, hellos: hellos, logger: logger)) } }
            return await group.reduce(into: [String: Result<LoadedPlugin, PluginLoadError>]()) { $0[$1.0] = $1.1 }
        }
        for path in due { loaded[path].map { register(path, $0) } }
        hellos?.save()
    }

    private func register(_ path: String, _ loaded: Result<LoadedPlugin, PluginLoadError>) {
        switch loaded {
        case .success(let plugin):
            let error: PluginLoadError? = state.withLock { state in
                if let existing = state.plugins[plugin.manifest.id] {
                    let error = PluginLoadError(
                        code: .duplicateId, path: path,
                        reason: "provider id '\(plugin.manifest.id)' is already loaded from \(existing.path); restart to load a new version"
                    )
                    state.errors[path] = error
                    return error
                }
                state.plugins[plugin.manifest.id] = plugin
                state.errors[path] = nil
                return nil
            }
            if let error {
                plugin.close()
                logger.error("plugin refused", metadata: ["plugin.error": "\(error)"])
            } else {
                logger.info("plugin loaded", metadata: ["plugin.id": "\(plugin.manifest.id)", "plugin.path": "\(path)"])
            }
        case .failure(let error):
            state.withLock { $0.errors[path] = error }
            logger.error("plugin refused", metadata: ["plugin.error": "\(error)"])
        }
    }

    /// Ends every plugin's provider process (the server is stopping).
    public func close() {
        for plugin in plugins { plugin.close() }
    }

    /// The `.so` files directly in `directory`, with their stamps; a missing directory has none.
    private static func libraries(in directory: String) -> [(path: String, stamp: FileStamp)] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".so") }.sorted().compactMap { name in
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).standardizedFileURL.path
            guard let attributes = try? manager.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular
            else { return nil }
            let stamp = FileStamp(
                modified: attributes[.modificationDate] as? Date ?? .distantPast,
                size: (attributes[.size] as? NSNumber)?.intValue ?? 0,
                inode: (attributes[.systemFileNumber] as? NSNumber)?.intValue ?? 0
            )
            return (path, stamp)
        }
    }
}
