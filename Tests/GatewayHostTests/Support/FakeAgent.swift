import Foundation
import GatewayHost
import HTTPTypes
import Hummingbird
import Synchronization

/// A client's agent endpoint: it records each delivery exactly as received (headers and raw body, for signature
/// checks) and answers 200 with `{"reply": ...}` when one is set, or with a scripted status first.
final class FakeAgent: Sendable {
    struct Delivery: Sendable {
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
        router.post("/turns") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            let headers = Dictionary(request.headers.map { ($0.name.canonicalName.lowercased(), $0.value) }) { first, _ in first }
            let (failure, reply) = self.state.withLock { state -> (Int?, String?) in
                state.deliveries.append(Delivery(headers: headers, body: Data(body.readableBytesView)))
                return (state.failures.isEmpty ? nil : state.failures.removeFirst(), state.reply)
            }
            if let failure { return Response(status: .init(code: failure)) }
            let answer = reply.map { #"{"reply":{"text":"\#($0)"}}"# } ?? "{}"
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: answer)))
        }
        return router
    }
}
