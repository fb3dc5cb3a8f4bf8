import Foundation
import GatewayHost
import HTTPTypes
import Hummingbird
import Synchronization

/// A client's agent endpoint (`/turns`) and tool endpoints (`/tools/<name>`, for triggers' `http` tool): it records each
/// delivery exactly as received (path, headers and raw body, for signature checks) and answers 200 with
/// `{"reply": ...}` when one is set, or with a scripted status first.
final class FakeAgent: Sendable {
    struct Delivery: Sendable {
        let path: String
        let headers: [String: String]
        let body: Data

        var json: [String: JSONValue] { (try? JSONDecoder().decode([String: JSONValue].self, from: body)) ?? [:] }
    }

    private let state = Mutex<(deliveries: [Delivery], failures: [Int], reply: String?)>(([], [], nil))

    var deliveries: [Delivery] { state.withLock { $0.deliveries } }

    /// The next deliveries are answered with these statuses, one each.
    func fail(with statuses: [Int]) {
        state.withLock { $0.failures += statuses }
    }

    /// Every 2xx answer carries this reply text.
    func reply(_ text: String) {
        state.withLock { $0.reply = text }
    }

    var router: Router<BasicRequestContext> {
        let router = Router()
        router.post("/turns") { request, _ in try await self.record(request) }
        router.post("/tools/{name}") { request, _ in try await self.record(request) }
        return router
    }

    private func record(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        let headers = Dictionary(request.headers.map { ($0.name.canonicalName.lowercased(), $0.value) }) { first, _ in first }
        let (failure, reply) = state.withLock { state -> (Int?, String?) in
            state.deliveries.append(Delivery(path: request.uri.path, headers: headers, body: Data(body.readableBytesView)))
            return (state.failures.isEmpty ? nil : state.failures.removeFirst(), state.reply)
        }
        if let failure { return Response(status: .init(code: failure)) }
        let answer = reply.map { #"{"reply":{"text":"\#($0)"}}"# } ?? "{}"
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
    }

    /// What the Standard Webhooks reference library (`standardwebhooks` from PyPI) says of each delivery: "ok", or why
    /// it refused it.
    static func verified(_ deliveries: [Delivery], secret: String) async throws -> [String] {
        let request: JSONValue = [
            "secret": .string(secret),
            "deliveries": .array(
                deliveries.map {
                    ["headers": .object($0.headers.mapValues(JSONValue.string)), "body": .string(String(decoding: $0.body, as: UTF8.self))]
                }),
        ]
        let output = try await PythonClient.run("verify_webhooks.py", input: try JSONEncoder().encode(request))
        return try JSONDecoder().decode([String].self, from: output)
    }
}
