import Foundation
public import Logging

/// Loads one plugin file where the settings say: in a provider process of its own (started, and its hello checked),
/// or in this address space. Plugin code (constructors, the entry) never runs on an event loop or the concurrency
/// pool: starting a process and opening a library both happen on the plugin call threads.
public enum PluginLoader {
    public static func load(path: String, settings: PluginSettings, logger: Logger) async -> Result<LoadedPlugin, PluginLoadError> {
        let pluginLogger = PluginLogger(logger, path: path)
        return await PluginCallThreads.shared.run {
            Result { () throws(PluginLoadError) in
                guard settings.isolation == .process else { return try inProcess(path: path, settings: settings, logger: pluginLogger) }
                let (process, hello, manifest) = try ProviderProcessRuntime.launch(path: path, settings: settings, expectedID: nil, logger: pluginLogger)
                pluginLogger.name(manifest.id)
                guard settings.isolation(for: manifest.id) == .process else {
                    _ = process.abandon()
                    return try inProcess(path: path, settings: settings, logger: pluginLogger)
                }
                return LoadedPlugin(
                    path: path, manifest: manifest, abiVersion: "\(hello.abiMajor).\(hello.abiMinor)", webhookVectors: hello.webhookVectors, isolation: .process,
                    runtime: ProviderProcessRuntime(path: path, manifest: manifest, first: process, settings: settings, logger: pluginLogger), settings: settings
                )
            }
        }
    }

    /// Opens the library in this address space.
    private static func inProcess(path: String, settings: PluginSettings, logger: PluginLogger) throws(PluginLoadError) -> LoadedPlugin {
        let context = PluginHostContext(policy: settings.networkPolicy) { level, text in logger.log(level, text) }
        let native = try PluginLibrary.load(path: path, context: context)
        let manifest = try PluginManifest.validated(native.manifestJSON, takesWebhooks: native.takesWebhooks, path: path)
        logger.name(manifest.id)
        let (major, minor) = native.abiVersion
        return LoadedPlugin(
            path: path, manifest: manifest, abiVersion: "\(major).\(minor)", webhookVectors: native.webhookVectorsJSON, isolation: .inProcess,
            runtime: InProcessRuntime(native: native, manifest: manifest, settings: settings, logger: logger), settings: settings
        )
    }
}
