public import Logging

/// Loads one plugin file on the plugin call threads: opening a library runs its constructors and its entry, which is
/// plugin code, and plugin code never runs on an event loop or the concurrency pool.
public enum PluginLoader {
    public static func load(path: String, logger: Logger, graceMs: UInt64) async -> Result<LoadedPlugin, PluginLoadError> {
        await withCheckedContinuation { continuation in
            PluginCallThreads.shared.submit {
                continuation.resume(returning: Result { () throws(PluginLoadError) in try PluginLibrary.load(path: path, logger: logger, graceMs: graceMs) })
            }
        }
    }
}
