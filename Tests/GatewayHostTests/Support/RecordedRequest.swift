import Foundation
import GatewayHost
import HTTPTypes
import Hummingbird
import Synchronization

/// A request a fake service received: what the tests assert the plugin sent.
struct RecordedRequest: Sendable {
    let method: String
    let path: String
    /// The query string exactly as sent (percent-encoded).
    let query: String
    /// Lower-case names.
    let headers: [String: String]
    let body: [String: JSONValue]
    /// When the fake received it (gaps between requests show a retry schedule).
    let receivedAt = ContinuousClock.now
}

/// What a fake service received, and the answers scripted for its next requests.
final class FakeServiceLog: Sendable {
    struct Scripted: Sendable {
        let status: HTTPResponse.Status
        /// Lower-case names.
    let headers: [String: String]
        let body: String
    }

    private let state = Mutex<(requests: [RecordedRequest], scripted: [Scripted])>(([], []))

    var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// The next request is answered with this instead of the service's normal answer (after it is recorded).
    func script(_ code: Int, headers: [String: String] = [:], body: String) {
        state.withLock { $0.scripted.append(Scripted(status: HTTPResponse.Status(code: code), headers: headers, body: body)) }
    }

    /// Records the request; returns a scripted answer if one is due.
    func record(_ request: Request, body: ByteBuffer) -> Response? {
        let headers = Dictionary(request.headers.map { ($0.name.canonicalName, $0.value) }) { first, _ in first }
        let json = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(body.readableBytesView))) ?? [:]
        let recorded = RecordedRequest(method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "", headers: headers, body: json)
        let scripted: Scripted? = state.withLock { state in
            state.requests.append(recorded)
            return state.scripted.isEmpty ? nil : state.scripted.removeFirst()
        }
        return scripted.map { Self.response($0.status, headers: $0.headers, body: $0.body) }
    }

    static func response(_ status: HTTPResponse.Status, headers: [String: String] = [:], body: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = body.hasPrefix("<") ? "text/html" : "application/json"
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
