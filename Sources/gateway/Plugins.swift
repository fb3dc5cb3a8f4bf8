import ArgumentParser
import Foundation
import GatewayHost

/// `gateway plugins list|inspect`.
struct Plugins: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List or inspect provider plugins.", subcommands: [List.self, Inspect.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load the plugin directories (GATEWAY_PLUGIN_DIRS) and list what loaded and what was refused.")

        func run() async throws {
            let configuration = try GatewayConfiguration.fromEnvironment()
            let registry = PluginRegistry(logger: GatewayLogging.bootstrap(label: "gateway.plugins"), graceMs: configuration.pluginGraceMs)
            await registry.scan(configuration.pluginDirectories, waitForStableFiles: false)
            for plugin in registry.plugins {
                let manifest = plugin.manifest
                print("\(manifest.id)\t\(manifest.version)\t\(manifest.kind)\tops=\(manifest.ops.joined(separator: ","))\t\(plugin.path)")
            }
            for error in registry.loadErrors { print("refused\t\(error)") }
            print("\(registry.plugins.count) loaded, \(registry.loadErrors.count) refused")
        }
    }

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load one plugin file and print its manifest.")

        @Argument(help: "The plugin's .so file.") var file: String

        func run() async throws {
            let logger = GatewayLogging.bootstrap(label: "gateway.plugins")
            switch await PluginLoader.load(path: file, logger: logger, graceMs: 1_000) {
            case .success(let plugin):
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(plugin.manifest), as: UTF8.self))
                print("ABI \(plugin.abiVersion), webhook vectors: \(plugin.webhookVectors == nil ? "none" : "shipped")")
            case .failure(let error):
                print(error)
                throw ExitCode.failure
            }
        }
    }
}
