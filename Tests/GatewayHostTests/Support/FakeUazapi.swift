import Foundation
import GatewayHost
import HTTPTypes
import Hummingbird
import Synchronization

/// A local uazapiGO v2 that checks each request against the published spec (shared/providers/uazapi/openapi.yaml):
/// the `token` header, JSON bodies with the required fields, and answers with the documented responses.
final class FakeUazapi: Sendable {
    /// The token of the fake's first instance; `token + suffix` names others (one instance per client in a test).
    static let token = "uaz-instance-token-4321"
    let log = FakeServiceLog()
    private let instanceStatus = Mutex("connected")
    /// Messages accepted, by `track_id` (the gateway's message id): what a real uazapi would have sent.
    private let accepted = Mutex<[String: [String]]>([:])
    private let sendDelay = Mutex<Duration>(.zero)
    private let outageEnd = Mutex<ContinuousClock.Instant?>(nil)

    /// Until `end`, every send answers 503 (uazapi down).
    func setOutage(until end: ContinuousClock.Instant) {
        outageEnd.withLock { $0 = end }
    }

    /// How many times a message with this `track_id` was accepted.
    func deliveries(of trackID: String) -> Int {
        accepted.withLock { $0[trackID]?.count ?? 0 }
    }

    /// Every accepted `track_id` with its count.
    var deliveryCounts: [String: Int] {
        accepted.withLock { $0.mapValues(\.count) }
    }

    /// Each send is accepted on arrival and answered this long after (a slow provider: it has the message before it
    /// says so).
    func setSendDelay(_ delay: Duration) {
        sendDelay.withLock { $0 = delay }
    }

    func setInstanceStatus(_ status: String) {
        instanceStatus.withLock { $0 = status }
    }

    var router: Router<BasicRequestContext> {
        let router = Router()
        router.get("/instance/status") { request, _ in
            try await self.handle(request, required: []) { _ in
                let status = self.instanceStatus.withLock { $0 }
                let connected = status == "connected"
                return #"{"instance":{"id":"r183e2ef9597845","name":"loja","status":"\#(status)","owner":"5511999990000"},"#
                    + #""status":{"connected":\#(connected),"loggedIn":\#(connected),"jid":\#(connected ? #"{"user":"5511999990000","agent":0,"device":0,"server":"s.whatsapp.net"}"# : "null")}}"#
            }
        }
        router.post("/send/text") { request, _ in
            try await self.handle(request, required: ["number", "text"]) { body in self.accept(body, type: "ExtendedTextMessage") }
        }
        router.post("/message/find") { request, _ in
            try await self.handle(request, required: []) { body in
                guard case .string(let trackID) = body["track_id"] else { return #"{"returnedMessages":0,"messages":[],"limit":100,"offset":0,"hasMore":false}"# }
                let ids = self.accepted.withLock { $0[trackID] ?? [] }
                let messages = ids.map { #"{"messageid":"\#($0)","track_source":"gateway","track_id":"\#(trackID)","fromMe":true}"# }
                return #"{"returnedMessages":\#(ids.count),"messages":[\#(messages.joined(separator: ","))],"limit":100,"offset":0,"hasMore":false}"#
            }
        }
        router.post("/send/media") { request, _ in
            try await self.handle(request, required: ["number", "type", "file"]) { body in
                let types: Set = ["image", "video", "document", "audio", "myaudio", "ptt", "ptv", "sticker"]
                guard case .string(let type) = body["type"], types.contains(type) else { return nil }
                return self.accept(body, type: "ImageMessage")
            }
        }
        return router
    }

    /// Records the request, then answers as uazapiGO does: 401 for a wrong token, 400 for a missing field.
    private func handle(_ request: Request, required: [String], answer: ([String: JSONValue]) -> String?) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        if let scripted = log.record(request, body: buffer) { return scripted }
        if request.uri.path.hasPrefix("/send/"), let end = outageEnd.withLock({ $0 }), ContinuousClock.now < end {
            return FakeServiceLog.response(.serviceUnavailable, body: #"{"error":"server unavailable"}"#)
        }
        guard request.headers[HTTPField.Name("token")!]?.hasPrefix(Self.token) == true else {
            return FakeServiceLog.response(.unauthorized, body: #"{"error":"Invalid token"}"#)
        }
        let body = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(buffer.readableBytesView))) ?? [:]
        if request.method == .post {
            guard request.headers[.contentType]?.hasPrefix("application/json") == true else {
                return FakeServiceLog.response(.badRequest, body: #"{"error":"Invalid JSON"}"#)
            }
            for field in required {
                guard case .string(let value) = body[field], !value.isEmpty else {
                    return FakeServiceLog.response(.badRequest, body: #"{"error":"Missing \#(field)"}"#)
                }
            }
            if required.contains("number") {
                guard case .string(let number) = body["number"], number.hasSuffix("@g.us") || number.allSatisfy(\.isNumber) else {
                    return FakeServiceLog.response(.badRequest, body: #"{"error":"Invalid number"}"#)
                }
            }
        }
        guard let answer = answer(body) else { return FakeServiceLog.response(.badRequest, body: #"{"error":"Invalid media type or file format"}"#) }
        let delay = sendDelay.withLock { $0 }
        if delay > .zero, request.uri.path.hasPrefix("/send/") { try await Task.sleep(for: delay) }
        return FakeServiceLog.response(.ok, body: answer)
    }

    /// Records an accepted message under its `track_id` and answers with a fresh WhatsApp id.
    private func accept(_ body: [String: JSONValue], type: String) -> String {
        let messageID = "3EB0" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16)
        if case .string(let trackID) = body["track_id"] { accepted.withLock { $0[trackID, default: []].append(messageID) } }
        return Self.sentMessage(type: type, messageID: messageID)
    }

    /// The spec's Message schema plus its `response` object.
    private static func sentMessage(type: String, messageID: String) -> String {
        #"{"id":"r1a2b3c4","messageid":"\#(messageID)","chatid":"5511988887777@s.whatsapp.net","fromMe":true,"#
            + #""messageType":"\#(type)","messageTimestamp":1706112000000,"status":"Pending","#
            + #""response":{"status":"success","message":"Message sent successfully"}}"#
    }
}
