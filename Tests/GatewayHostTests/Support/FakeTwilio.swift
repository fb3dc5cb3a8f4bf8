import Foundation
import GatewayHost
import HTTPTypes
import Hummingbird
import Synchronization

/// A local Twilio Messages API (shared/providers/twilio/): HTTP basic auth with the account SID and auth token,
/// form-encoded sends answered 201 with the created message, the documented error shape. Keeps each accepted send's
/// form fields.
final class FakeTwilio: Sendable {
    static let accountSID = "AC" + String(repeating: "1a", count: 16)
    static let authToken = "twilio-auth-token-5678"
    let log = FakeServiceLog()
    private let sent = Mutex<[(sid: String, fields: [String: String])]>([])

    /// Each accepted message: its SID and its form fields (the last value of a repeated name).
    var messages: [(sid: String, fields: [String: String])] { sent.withLock { $0 } }

    var router: Router<BasicRequestContext> {
        let router = Router()
        let path = RouterPath("/2010-04-01/Accounts/{account}/Messages.json")
        router.get(path) { request, context in
            try await self.handle(request, context) { _ in (.ok, #"{"messages":[],"end":0,"page":0,"page_size":1,"start":0}"#) }
        }
        router.post(path) { request, context in
            try await self.handle(request, context) { fields in
                guard let to = fields["To"], to.hasPrefix("+") || to.hasPrefix("whatsapp:+") else {
                    return (.badRequest, Self.error(21211, "The 'To' number \(fields["To"] ?? "") is not a valid phone number.", 400))
                }
                guard fields["From"] != nil || fields["MessagingServiceSid"] != nil else {
                    return (.badRequest, Self.error(21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.", 400))
                }
                guard fields["Body"] != nil || fields["MediaUrl"] != nil else {
                    return (.badRequest, Self.error(21602, "Message body is required.", 400))
                }
                let sid = "SM" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
                self.sent.withLock { $0.append((sid, fields)) }
                return (.created, #"{"sid":"\#(sid)","status":"queued","to":"\#(to)","from":"\#(fields["From"] ?? "")","account_sid":"\#(Self.accountSID)","num_segments":"1"}"#)
            }
        }
        return router
    }

    /// Records the request, then answers as Twilio does: 401 (code 20003) for wrong credentials, 404 for another account.
    private func handle(
        _ request: Request, _ context: BasicRequestContext, answer: ([String: String]) -> (HTTPResponse.Status, String)
    ) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        if let scripted = log.record(request, body: buffer) { return scripted }
        let expected = "Basic " + Data("\(Self.accountSID):\(Self.authToken)".utf8).base64EncodedString()
        guard request.headers[.authorization] == expected else {
            return FakeServiceLog.response(.unauthorized, body: Self.error(20003, "Authenticate", 401))
        }
        guard context.parameters.get("account") == Self.accountSID else {
            return FakeServiceLog.response(.notFound, body: Self.error(20404, "The requested resource was not found", 404))
        }
        var fields: [String: String] = [:]
        if request.method == .post {
            guard request.headers[.contentType] == "application/x-www-form-urlencoded" else {
                return FakeServiceLog.response(.badRequest, body: Self.error(20001, "Invalid content type", 400))
            }
            var components = URLComponents()
            components.percentEncodedQuery = String(buffer: buffer).replacingOccurrences(of: "+", with: "%20")
            for item in components.queryItems ?? [] { fields[item.name] = item.value ?? "" }
        }
        let (status, text) = answer(fields)
        return FakeServiceLog.response(status, body: text)
    }

    static func error(_ code: Int, _ message: String, _ status: Int) -> String {
        #"{"code":\#(code),"message":"\#(message)","more_info":"https://www.twilio.com/docs/errors/\#(code)","status":\#(status)}"#
    }

    /// The signatures Twilio's own validator (the PyPI `twilio` package) computes for these deliveries.
    static func signatures(_ deliveries: [(url: String, params: [String: String])], token: String = authToken) async throws -> [String] {
        let request: JSONValue = [
            "token": .string(token),
            "deliveries": .array(deliveries.map { ["url": .string($0.url), "params": .object($0.params.mapValues(JSONValue.string))] }),
        ]
        let output = try await PythonClient.run("twilio_sign.py", input: try JSONEncoder().encode(request))
        return try JSONDecoder().decode([String].self, from: output)
    }

    /// A form body of `params`.
    static func form(_ params: [String: String]) -> String {
        var components = URLComponents()
        components.queryItems = params.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }
}
