import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// `/health` reports the store; when PostgreSQL goes away it says so with a 503, API calls fail in the envelope, and
/// both recover when the database is back. A partition (the link cut, nothing closed) holds neither up for long.
@Suite struct HealthTests {
    @Test func healthIs503WhileTheStoreIsDownAndRecovers() async throws {
        let gateway = try await TestGateway.start(.postgres, plugins: [])
        let database = try #require(gateway.database)
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            let up = try await client.call(.get, "/health", token: nil)
            #expect(up.status == .ok)
            #expect(up["store"]?["status"] == .string("up"))
            #expect(up["store"]?["backend"] == .string("postgres"))

            try TestPostgres.psql("ALTER DATABASE \(database.name) ALLOW_CONNECTIONS false")
            try TestPostgres.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(database.name)'")
            let down = try await client.call(.get, "/health", token: nil)
            #expect(down.status == .serviceUnavailable)
            #expect(down["store"]?["status"] == .string("down"))
            let refused = try await client.call(.get, "/api/integrations", token: token)
            #expect(refused.status == .serviceUnavailable)
            #expect(refused["error_code"] == .string("STORE_UNAVAILABLE"))
            #expect(!refused.text.contains(database.password), "the connection string stays out of the answer")

            try TestPostgres.psql("ALTER DATABASE \(database.name) ALLOW_CONNECTIONS true")
            #expect(try await client.call(.get, "/health", token: nil).status == .ok)
            #expect(try await client.call(.get, "/api/integrations", token: token).status == .ok)
        }
        #expect(!gateway.logs.recorded.contains { $0.contains(database.password) }, "nor in the logs")
        try await gateway.core.close()
    }

    /// Behind a partition a PostgreSQL statement gets no answer and no error. `/health` still answers within its 2 s
    /// budget (bounded here at 10 s, against a 15 s statement wait it would otherwise sit out); an API call fails in
    /// the envelope once GATEWAY_DB_TIMEOUT_MS runs out; both recover when the link heals.
    @Test(.timeLimit(.minutes(2))) func healthAnswersWithinItsBudgetDuringAPartition() async throws {
        let postgresPort = try TestPostgres.port()
        let partition = try NetworkPartition(to: try #require(Int(postgresPort)))
        let gateway = try await TestGateway.start(queue: .postgres, plugins: []) { configuration in
            configuration.databaseURL = configuration.databaseURL?.replacingOccurrences(of: ":\(postgresPort)/", with: ":\(partition.port)/")
            configuration.databaseTimeoutMs = 15_000
        }
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            #expect(try await client.call(.get, "/health", token: nil).status == .ok)

            partition.cut()
            let asked = ContinuousClock.now
            let down = try await client.call(.get, "/health", token: nil)
            #expect(ContinuousClock.now - asked < .seconds(10), "answered within its budget, not after the statement wait")
            #expect(down.status == .serviceUnavailable)
            #expect(down["store"]?["status"] == .string("down"))
            let refused = try await client.call(.get, "/api/integrations", token: token)
            #expect(refused.status == .serviceUnavailable)
            #expect(refused["error_code"] == .string("STORE_UNAVAILABLE"))

            partition.heal()
            let recovered = await eventually(within: .seconds(30)) { (try? await client.call(.get, "/health", token: nil).status) == .ok }
            #expect(recovered)
            #expect(try await client.call(.get, "/api/integrations", token: token).status == .ok)
        }
        try await gateway.core.close()
    }
}
