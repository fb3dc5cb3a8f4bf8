import Foundation
import GatewayHost
import HTTPTypes
import Hummingbird
import Synchronization

/// A local SendGrid v3 that checks each request against the published mail/send spec: Bearer key, JSON body with
/// `personalizations[].to[].email`, `from.email`, and `subject` + `content[]{type, value}` unless `template_id` is
/// given. It answers 202 with `X-Message-Id`, or 400 with SendGrid's `{"errors": [{message, field}]}`.
final class FakeSendGrid: Sendable {
    static let apiKey = "SG.fake-key-2468"
    let log = FakeServiceLog()
    private let scopes = Mutex(["mail.send", "user.profile.read"])

    func setScopes(_ value: [String]) {
        scopes.withLock { $0 = value }
    }

    var router: Router<BasicRequestContext> {
        let router = Router()
        router.get("/v3/scopes") { request, _ in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            if let scripted = self.log.record(request, body: buffer) { return scripted }
            if let refused = Self.unauthorized(request) { return refused }
            let scopes = self.scopes.withLock { $0 }.map { #""\#($0)""# }.joined(separator: ",")
            return FakeServiceLog.response(.ok, body: #"{"scopes":[\#(scopes)]}"#)
        }
        router.post("/v3/mail/send") { request, _ in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            if let scripted = self.log.record(request, body: buffer) { return scripted }
            if let refused = Self.unauthorized(request) { return refused }
            let body = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(buffer.readableBytesView))) ?? [:]
            if let (field, message) = Self.violation(body) {
                return FakeServiceLog.response(.badRequest, body: #"{"errors":[{"message":"\#(message)","field":"\#(field)","help":null}]}"#)
            }
            return FakeServiceLog.response(.accepted, headers: ["X-Message-Id": "sg-msg-0001"], body: "")
        }
        return router
    }

    private static func unauthorized(_ request: Request) -> Response? {
        guard request.headers[.authorization] != "Bearer \(apiKey)" else { return nil }
        return FakeServiceLog.response(.unauthorized, body: #"{"errors":[{"field":null,"message":"The provided authorization grant is invalid, expired, or revoked"}]}"#)
    }

    /// The first way `body` breaks the spec, as (field, message).
    private static func violation(_ body: [String: JSONValue]) -> (String, String)? {
        guard case .array(let personalizations) = body["personalizations"], !personalizations.isEmpty else {
            return ("personalizations", "The personalizations field is required and must have at least one personalization.")
        }
        for (index, personalization) in personalizations.enumerated() {
            guard case .object(let fields) = personalization, case .array(let to) = fields["to"], !to.isEmpty,
                to.allSatisfy({ if case .object(let address) = $0, case .string = address["email"] { true } else { false } })
            else { return ("personalizations.\(index).to", "The to array is required for all personalization objects.") }
        }
        guard case .object(let from) = body["from"], case .string = from["email"] else {
            return ("from.email", "The from email does not contain a valid address.")
        }
        if body["template_id"] == nil {
            guard case .string(let subject) = body["subject"], !subject.isEmpty else { return ("subject", "The subject is required.") }
            guard case .array(let content) = body["content"], !content.isEmpty,
                content.allSatisfy({ if case .object(let item) = $0, case .string = item["type"], case .string = item["value"] { true } else { false } })
            else { return ("content", "Unless a valid template_id is provided, the content parameter is required.") }
        }
        return nil
    }
}
