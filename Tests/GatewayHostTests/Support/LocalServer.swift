import Hummingbird
import HummingbirdTesting

/// Runs `router` as a real HTTP server on a free loopback port for the duration of `body`, which gets its base URL.
/// The stand-in for third-party services we cannot run here (their fakes follow the published specs).
enum LocalServer {
    static func run<Value: Sendable>(_ router: Router<BasicRequestContext>, _ body: @Sendable (_ url: String) async throws -> Value) async throws -> Value {
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)")
        }
    }
}
