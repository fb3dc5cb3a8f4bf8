import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

@testable import GatewayHost

/// A real server with the acme client's WhatsApp integration on a spec-following fake Uazapi, and the scheduler driven
/// by hand on an injected clock (no test waits days).
struct SchedulerSetup: Sendable {
    let gateway: TestGateway
    let uazapi: FakeUazapi
    let client: any TestClientProtocol
    let token: String

    static func run(
        _ backend: TestQueue = .sqlite, adjust: (inout GatewayConfiguration) -> Void = { _ in },
        _ body: @Sendable (SchedulerSetup) async throws -> Void
    ) async throws {
        let gateway = try await TestGateway.start(queue: backend) { configuration in
            configuration.delivery.pollInterval = .milliseconds(20)
            adjust(&configuration)
        }
        let uazapi = FakeUazapi()
        try await LocalServer.run(uazapi.router) { url in
            try await gateway.app.test(.live) { client in
                let token = try await gateway.token("acme")
                guard try await client.configureWhatsApp(token: token, url: url).status == .ok else { throw SetupFailed() }
                try await body(SchedulerSetup(gateway: gateway, uazapi: uazapi, client: client, token: token))
            }
        }
    }

    private struct SetupFailed: Error {}

    /// One scheduler tick at `time`; how many timers it claimed.
    func tick(at time: Date) async throws -> Int {
        try await gateway.runtime.scheduler.tick(now: time)
    }

    /// Creates the trigger; its id, nil when refused.
    func createTrigger(_ json: String) async throws -> String? {
        try await client.call(.post, "/api/triggers", token: token, json: json)["trigger"]?["id"]?.stringValue
    }

    func executions(_ triggerID: String) async throws -> [JSONValue] {
        try await client.call(.get, "/api/triggers/\(triggerID)/executions", token: token)["executions"]?.arrayValue ?? []
    }

    /// The texts the fake Uazapi was asked to send so far.
    func sentTexts() -> [String] {
        uazapi.log.requests.filter { $0.path == "/send/text" }.compactMap { $0.body["text"]?.stringValue }
    }

    /// Waits (up to 10 s) until `count` texts were sent.
    func waitForSends(_ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while sentTexts().count < count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }
}
