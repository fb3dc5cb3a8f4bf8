import Logging
public import ServiceLifecycle

/// Loads `.so` files dropped into the plugin directories while the server runs, without a restart.
/// It polls: cheap for a handful of directories, and it sees files copied in by any means (cp, mv, a volume mount).
public struct PluginDirectoryWatcher: Service {
    let registry: PluginRegistry
    let directories: [String]
    let interval: Duration

    public init(registry: PluginRegistry, directories: [String], interval: Duration = .milliseconds(400)) {
        self.registry = registry
        self.directories = directories
        self.interval = interval
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await registry.scan(directories, waitForStableFiles: true)
            }
        }
    }
}
