import ArgumentParser
import GatewayHost

/// `gateway provider-host`: internal. The host starts it to run one plugin in a process of its own.
struct ProviderHost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provider-host", abstract: "Internal: runs one plugin for the gateway host (started by the host, not by users).",
        shouldDisplay: false
    )

    @Option var plugin: String
    @Option var memoryLimit: Int
    @Option var maxOutput: Int
    @Option var allowedNetworks: String = ""
    @Option var threads: Int

    func run() throws {
        ProviderHostServer.run(
            ProviderHostServer.Options(
                pluginPath: plugin, memoryLimitBytes: memoryLimit, maxOutputBytes: maxOutput, allowedNetworks: allowedNetworks, maxThreads: threads)
        )
    }
}
