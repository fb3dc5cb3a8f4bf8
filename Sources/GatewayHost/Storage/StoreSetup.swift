import Foundation
package import Logging

/// Opens the store the configuration names: PostgreSQL when `DATABASE_URL` is set, else SQLite in the data directory.
package enum StoreSetup {
    package static func open(_ configuration: GatewayConfiguration, logger: Logger) async throws -> SQLStore {
        guard let url = configuration.databaseURL else {
            try PrivateFile.makeDirectory(configuration.dataDirectory)
            let path = URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("gateway.sqlite").path
            logger.info("store opened", metadata: ["store.backend": "sqlite", "store.path": "\(path)"])
            return SQLStore(database: try SQLDatabase.sqlite(path: path))
        }
        let database = try SQLDatabase.postgres(url: url, connections: configuration.databaseConnections, timeoutMs: configuration.databaseTimeoutMs)
        // Row-level security does not bind a superuser or a BYPASSRLS role: say so loudly rather than pretend.
        let bypasses = try await database.withConnection { connection in
            try connection.query("SELECT rolsuper OR rolbypassrls AS bypasses FROM pg_roles WHERE rolname = current_user").first?.string("bypasses")
        }
        if bypasses == "t" {
            logger.critical(
                "the PostgreSQL role bypasses row-level security (superuser or BYPASSRLS): connect as an ordinary role so tenant isolation holds")
        }
        logger.info("store opened", metadata: ["store.backend": "postgres", "store.connections": "\(configuration.databaseConnections)"])
        return SQLStore(database: database)
    }
}
