import Foundation
public import Logging

/// Loads one plugin file where the settings say: in a provider process of its own, or in this address space. A
/// provider process is started to read the plugin's hello (the manifest checked, the process kept for the first calls)
/// unless `hellos` holds what this very file said before: then the plugin is registered at once, and its process
/// starts on the first call that needs it. Plugin code (constructors, the entry) never runs on an event loop or the
/// concurrency pool: starting a process and opening a library both happen on the plugin call threads.
public enum PluginLoader {
    public static func load(path: String, settings: PluginSettings, logger: Logger) async -> Result<LoadedPlugin, PluginLoadError> {
        await load(path: path, settings: settings, hellos: nil, logger: logger)
    }

    static func load(path: String, settings: PluginSettings, hellos: ProviderHelloCache?, logger: Logger) async -> Result<LoadedPlugin, PluginLoadError> {
        let pluginLogger = PluginLogger(logger, path: path)
        return await PluginCallThreads.shared.run {
            Result { () throws(PluginLoadError) in
                guard settings.isolation == .process else { return try inProcess(path: path, settings: settings, logger: pluginLogger) }
                if let hello = hellos?.hello(for: path),
                    let manifest = try? PluginManifest.validated(hello.manifest, takesWebhooks: hello.takesWebhooks, path: path),
                    settings.isolation(for: manifest.id) == .process
                {
                    pluginLogger.name(manifest.id)
                    return inProviderProcess(path: path, hello: hello, manifest: manifest, first: nil, settings: settings, logger: pluginLogger)
                }
                let (process, hello, manifest) = try ProviderProcessRuntime.launch(path: path, settings: settings, expected: nil, logger: pluginLogger)
                pluginLogger.name(manifest.id)
                guard settings.isolation(for: manifest.id) == .process else {
                    _ = process.abandon()
                    return try inProcess(path: path, settings: settings, logger: pluginLogger)
                }
                hellos?.remember(hello, for: path)
                return inProviderProcess(path: path, hello: hello, manifest: manifest, first: process, settings: settings, logger: pluginLogger)
            }
        }
    }

    private static func inProviderProcess(
        path: String, hello: ProviderHello, manifest: PluginManifest, first: ProviderProcess?, settings: PluginSettings, logger: PluginLogger
    ) -> LoadedPlugin {
        LoadedPlugin(
            path: path, manifest: manifest, abiVersion: "\(hello.abiMajor).\(hello.abiMinor)", webhookVectors: hello.webhookVectors, isolation: .process,
            runtime: ProviderProcessRuntime(path: path, manifest: manifest, first: first, settings: settings, logger: logger), settings: settings
        )
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
