import Hummingbird
import Synchronization

/// A real local HTTP endpoint for the Swift example provider to relay to: `/echo` answers with a message id and
/// records the Authorization headers it saw, `/slow` answers after 3 s, `/busy` answers 429 with Retry-After, `/endless`
/// streams a body that never ends.
enum EchoEndpoint {
    static func run(_ body: @Sendable (_ url: String, _ seen: SeenHeaders) async throws -> Void) async throws {
        let seen = SeenHeaders()
        let router = Router()
        router.get("/echo") { _, _ in "ready" }
        router.post("/echo") { request, _ in
            seen.append(request.headers[.authorization] ?? "")
            return #"{"id":"remote-7"}"#
        }
        router.post("/slow") { _, _ in
            try await Task.sleep(for: .seconds(3))
            return "late"
        }
        router.post("/busy") { _, _ in
            Response(status: .tooManyRequests, headers: [.retryAfter: "7"])
        }
        router.get("/endless") { _, _ in
            Response(status: .ok, body: ResponseBody { writer in
                let chunk = ByteBuffer(repeating: UInt8(ascii: "a"), count: 64 << 10)
                while true { try await writer.write(chunk) }  // until the client hangs up
            })
        }
        try await LocalServer.run(router) { url in try await body(url, seen) }
    }
}

/// The Authorization headers the endpoint saw.
final class SeenHeaders: Sendable {
    private let values = Mutex<[String]>([])

    var all: [String] { values.withLock { $0 } }

    func append(_ value: String) {
        values.withLock { $0.append(value) }
    }
}
