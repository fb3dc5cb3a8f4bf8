import Foundation
import Testing

@testable import GatewayHost

extension TestGateway {
    struct MessageDidNotSettle: Error, CustomStringConvertible {
        let id: String
        let last: JobStatus?
        var description: String { "message \(id) did not reach the expected status in time (last: \(last?.rawValue ?? "missing"))" }
    }

    /// Polls the queue until the client's message is in one of `statuses`.
    func waitForMessage(_ clientID: String, _ id: String, toBe statuses: Set<JobStatus>, within timeout: Duration = .seconds(15)) async throws -> Job
    {
        try await runtime.waitForMessage(clientID, id, toBe: statuses, within: timeout)
    }

    /// The whatsapp configure body for the fake uazapi at `url` (its instance `FakeUazapi.token + instance`: each client
    /// its own, since deliveries are routed by the token), with optional extra top-level fields.
    static func whatsappConfig(_ url: String, extra: String = "", instance: String = "") -> String {
        #"{"config":{"api_url":"\#(url)","api_token":"\#(FakeUazapi.token + instance)","phone_number":"5511999990000"}\#(extra)}"#
    }
}

extension GatewayRuntime {
    /// Polls the queue until the client's message is in one of `statuses`.
    func waitForMessage(_ clientID: String, _ id: String, toBe statuses: Set<JobStatus>, within timeout: Duration = .seconds(15)) async throws -> Job
    {
        let deadline = ContinuousClock.now + timeout
        var last: Job?
        while ContinuousClock.now < deadline {
            last = try await backend.queue.job(clientID: clientID, id: id)
            if let last, statuses.contains(last.status) { return last }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestGateway.MessageDidNotSettle(id: id, last: last?.status)
    }
}

extension TestGateway {
    /// `gateway worker` (or another role) against this gateway's PostgreSQL (and Redis), with short leases so a dead
    /// worker's jobs come back within seconds.
    func workerProcess(role: String = "worker", extra: [String: String] = [:]) throws -> GatewayProcess {
        var environment = [
            "DATABASE_URL": configuration.databaseURL ?? "", "GATEWAY_ENCRYPTION_KEY": configuration.encryptionKey ?? "",
            "GATEWAY_JWT_SECRET": TestGateway.jwtSecret, "GATEWAY_WORKERS": "16", "GATEWAY_QUEUE_LEASE_MS": "4000", "GATEWAY_SEND_TIMEOUT_MS": "1000",
            "GATEWAY_PLUGIN_GRACE_MS": "500", "GATEWAY_REDIS_PREFIX": configuration.redisPrefix,
        ]
        if let redis = configuration.redisURL { environment["REDIS_URL"] = redis }
        environment.merge(extra) { $1 }
        return try GatewayProcess(
            pluginDirectory: URL(fileURLWithPath: configuration.pluginDirectories[0]), arguments: [role], environment: environment)
    }
}
