import Foundation
import Testing

/// Where a test's queue lives: the embedded queue in SQLite or PostgreSQL, or Redis (with the store in SQLite).
enum TestQueue: String, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres
    case redis

    var testDescription: String { rawValue }

    var store: TestStore.Backend { self == .postgres ? .postgres : .sqlite }

    struct NotRunning: Error, CustomStringConvertible {
        var description: String { "GATEWAY_TEST_REDIS_URL is not set: run the suite with `make test`, which starts Redis" }
    }

    /// The throwaway Redis `make test` starts (scripts/redis-test-server.sh).
    static func redisURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["GATEWAY_TEST_REDIS_URL"] else { throw NotRunning() }
        return url
    }
}
