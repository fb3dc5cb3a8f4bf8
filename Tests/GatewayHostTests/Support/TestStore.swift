import Foundation
import Testing
@testable import GatewayHost
import Logging

/// A migrated store on either backend: SQLite in a scratch directory, or a fresh PostgreSQL database owned by an
/// ordinary role.
enum TestStore {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sqlite
        case postgres

        var testDescription: String { rawValue }
    }

    /// The configuration that points the gateway at a new, empty store of `backend` (data directory in scratch space).
    static func configuration(_ backend: Backend, pluginDirectories: [String] = []) throws -> (GatewayConfiguration, GatewayDatabase?) {
        var configuration = GatewayConfiguration(host: "127.0.0.1", port: 0, pluginDirectories: pluginDirectories)
        configuration.dataDirectory = try TestPaths.scratchDirectory().appendingPathComponent("data").path
        configuration.jwtSecret = TestGateway.jwtSecret
        configuration.plugins = TestPlugins.settings()
        guard backend == .postgres else { return (configuration, nil) }
        let database = try GatewayDatabase()
        configuration.databaseURL = try database.url
        configuration.databaseConnections = 2
        configuration.encryptionKey = EncryptionKey.generate().base64
        return (configuration, database)
    }

    static func open(_ backend: Backend) async throws -> (SQLStore, GatewayDatabase?) {
        let (configuration, database) = try configuration(backend)
        let store = try await StoreSetup.open(configuration, logger: .init(label: "test"))
        try await Migrator.migrate(store.database)
        return (store, database)
    }
}
