import Foundation
@testable import GatewayHost
import Testing

extension TestGateway {
    struct MessageDidNotSettle: Error, CustomStringConvertible {
        let id: String
        let last: JobStatus?
        var description: String { "message \(id) did not reach the expected status in time (last: \(last?.rawValue ?? "missing"))" }
    }

    /// Polls the queue until the client's message is in one of `statuses`.
    func waitForMessage(_ clientID: String, _ id: String, toBe statuses: Set<JobStatus>, within timeout: Duration = .seconds(15)) async throws -> Job {
        try await runtime.waitForMessage(clientID, id, toBe: statuses, within: timeout)
    }

    /// The whatsapp configure body for the fake uazapi at `url`, with optional extra top-level fields.
    static func whatsappConfig(_ url: String, extra: String = "") -> String {
        #"{"config":{"api_url":"\#(url)","api_token":"\#(FakeUazapi.token)","phone_number":"5511999990000"}\#(extra)}"#
    }
}

extension GatewayRuntime {
    /// Polls the queue until the client's message is in one of `statuses`.
    func waitForMessage(_ clientID: String, _ id: String, toBe statuses: Set<JobStatus>, within timeout: Duration = .seconds(15)) async throws -> Job {
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
