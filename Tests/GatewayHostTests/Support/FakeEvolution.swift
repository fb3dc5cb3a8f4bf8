import Foundation
import GatewayHost
import HTTPTypes
import Hummingbird
import Synchronization

/// A local Evolution API v2 that follows shared/providers/evolution/README.md: the `apikey` header on every request,
/// the instance named in the path, 201 with the created message record for sends, the documented error envelope, and
/// the instance's webhook settings kept as `POST /webhook/set/{instance}` left them.
final class FakeEvolution: Sendable {
    static let apiKey = "evo-global-key-8765"
    static let instance = "loja"
    let log = FakeServiceLog()
    private let state = Mutex<String>("open")
    /// What `POST /webhook/set` set: where deliveries go and the headers they carry.
    private let webhook = Mutex<[String: JSONValue]?>(nil)
    /// The ids of the messages sent, in order.
    private let sent = Mutex<[String]>([])

    func setState(_ state: String) {
        self.state.withLock { $0 = state }
    }

    var webhookSettings: [String: JSONValue]? { webhook.withLock { $0 } }
    var sentMessageIDs: [String] { sent.withLock { $0 } }

    /// The headers a delivery from this instance carries: the registered ones, verbatim.
    var deliveryHeaders: HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if case .object(let headers)? = webhookSettings?["headers"] {
            for case (let name, .string(let value)) in headers { fields[HTTPField.Name(name)!] = value }
        }
        return fields
    }

    var router: Router<BasicRequestContext> {
        let router = Router()
        router.get("/instance/connectionState/{instance}") { request, context in
            try await self.handle(request, context) { _, instance in
                (.ok, #"{"instance":{"instanceName":"\#(instance)","state":"\#(self.state.withLock { $0 })"}}"#)
            }
        }
        router.post("/message/sendText/{instance}") { request, context in
            try await self.handle(request, context, required: ["number", "text"]) { body, instance in
                (.created, self.created(body, instance: instance, message: #"{"extendedTextMessage":{"text":\#(Self.quoted(body["text"]))}}"#, type: "extendedTextMessage"))
            }
        }
        router.post("/message/sendMedia/{instance}") { request, context in
            try await self.handle(request, context, required: ["number", "mediatype", "media"]) { body, instance in
                guard case .string(let type) = body["mediatype"], ["image", "video", "audio", "document"].contains(type) else {
                    return (.badRequest, Self.error(400, "Bad Request", #"["mediatype must be one of image, video, audio, document"]"#))
                }
                return (.created, self.created(body, instance: instance, message: #"{"\#(type)Message":{}}"#, type: type + "Message"))
            }
        }
        router.post("/webhook/set/{instance}") { request, context in
            try await self.handle(request, context) { body, instance in
                guard case .object(let settings)? = body["webhook"], case .string? = settings["url"] else {
                    return (.badRequest, Self.error(400, "Bad Request", #"["webhook.url is required"]"#))
                }
                self.webhook.withLock { $0 = settings }
                return (.created, #"{"id":"wh1","url":\#(Self.quoted(settings["url"])),"enabled":true,"instanceId":"af6c5b7c"}"#)
            }
        }
        return router
    }

    /// Records the request, then answers as Evolution does: 401 for a wrong key, 404 for an unknown instance, 400 for
    /// a missing field.
    private func handle(
        _ request: Request, _ context: BasicRequestContext, required: [String] = [],
        answer: ([String: JSONValue], String) -> (HTTPResponse.Status, String)
    ) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        if let scripted = log.record(request, body: buffer) { return scripted }
        guard request.headers[HTTPField.Name("apikey")!] == Self.apiKey else {
            return FakeServiceLog.response(.unauthorized, body: Self.error(401, "Unauthorized", #""Unauthorized""#))
        }
        let instance = context.parameters.get("instance") ?? ""
        guard instance == Self.instance else {
            return FakeServiceLog.response(.notFound, body: Self.error(404, "Not Found", #"["The \"\#(instance)\" instance does not exist"]"#))
        }
        let body = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(buffer.readableBytesView))) ?? [:]
        for field in required {
            guard case .string(let value) = body[field], !value.isEmpty else {
                return FakeServiceLog.response(.badRequest, body: Self.error(400, "Bad Request", #"["\#(field) is required"]"#))
            }
        }
        if case .string(let number)? = body["number"], !(number.hasSuffix("@g.us") || number.allSatisfy(\.isNumber)) {
            return FakeServiceLog.response(.badRequest, body: Self.error(400, "Bad Request", #"[{"jid":"\#(number)","exists":false}]"#))
        }
        let (status, text) = answer(body, instance)
        return FakeServiceLog.response(status, body: text)
    }

    /// The created message record a send answers with.
    private func created(_ body: [String: JSONValue], instance: String, message: String, type: String) -> String {
        let id = "BAE5" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)
        sent.withLock { $0.append(String(id)) }
        let jid = (body["number"]?.stringValue ?? "") + "@s.whatsapp.net"
        return #"{"key":{"remoteJid":"\#(jid)","fromMe":true,"id":"\#(id)"},"pushName":"","status":"PENDING","message":\#(message),"#
            + #""messageType":"\#(type)","messageTimestamp":1786470640,"instanceId":"af6c5b7c","source":"unknown"}"#
    }

    private static func error(_ status: Int, _ name: String, _ message: String) -> String {
        #"{"status":\#(status),"error":"\#(name)","response":{"message":\#(message)}}"#
    }

    private static func quoted(_ value: JSONValue?) -> String {
        String(decoding: (try? JSONEncoder().encode(value ?? .null)) ?? Data("null".utf8), as: UTF8.self)
    }
}

/// Deliveries in the envelope Evolution API posts (shared/providers/evolution/README.md).
enum EvolutionDeliveries {
    static let senderDigits = "553498217808"

    static func envelope(_ event: String, instance: String = FakeEvolution.instance, data: String) -> String {
        #"{"event":"\#(event)","instance":"\#(instance)","data":\#(data),"destination":"http://127.0.0.1/webhooks/evolution","#
            + #""date_time":"2026-12-07T10:00:00.000Z","sender":"553499754953@s.whatsapp.net","server_url":"http://127.0.0.1","apikey":null}"#
    }

    static func message(id: String, text: String, instance: String = FakeEvolution.instance) -> String {
        envelope(
            "messages.upsert", instance: instance,
            data: #"{"key":{"remoteJid":"\#(senderDigits)@s.whatsapp.net","fromMe":false,"id":"\#(id)"},"pushName":"Rafael","#
                + #""message":{"conversation":"\#(text)"},"messageType":"conversation","messageTimestamp":1786470633,"owner":"\#(instance)","source":"android"}"#
        )
    }

    static func receipt(providerMessageID: String, status: String) -> String {
        envelope(
            "messages.update",
            data: #"{"keyId":"\#(providerMessageID)","remoteJid":"\#(senderDigits)@s.whatsapp.net","fromMe":true,"status":"\#(status)","instanceId":"af6c5b7c"}"#
        )
    }
}
