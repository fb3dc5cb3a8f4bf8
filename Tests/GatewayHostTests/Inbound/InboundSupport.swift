import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

@testable import GatewayHost

/// Real uazapi deliveries (shared/providers/uazapi/), varied where a test needs another message id, sender or text.
enum UazapiDeliveries {
    static let samples = TestPaths.repository.deletingLastPathComponent().appendingPathComponent("shared/providers/uazapi")
    /// The instance token deliveries carry: the fake uazapi's (the samples' own is replaced), so replies can be sent.
    static let token = FakeUazapi.token
    /// The sender of the EventType sample, as E.164.
    static let senderPhone = "+553498217808"

    /// The EventType sample, with its message id, text and sender replaced when given.
    static func message(id: String? = nil, text: String? = nil, senderDigits: String? = nil, token: String = token) throws -> String {
        var body = try JSONDecoder().decode(
            [String: JSONValue].self, from: Data(contentsOf: samples.appendingPathComponent("webhook-messages-eventtype.json")))
        guard case .object(var message)? = body["message"] else { throw CocoaError(.fileReadCorruptFile) }
        if let id { message["messageid"] = .string(id) }
        if let text {
            message["text"] = .string(text)
            message["content"] = .string(text)
        }
        if let senderDigits { message["sender_pn"] = .string("\(senderDigits)@s.whatsapp.net") }
        body["message"] = .object(message)
        body["token"] = .string(token)
        return String(decoding: try JSONEncoder().encode(body), as: UTF8.self)
    }

    /// A receipt for one of our messages, in the EventType shape.
    static func receipt(providerMessageID: String, status: String) -> String {
        #"{"EventType":"messages_update","token":"\#(token)","event":{"messageid":"\#(providerMessageID)","status":"\#(status)"}}"#
    }

    /// The instance's connection changed.
    static func connection(_ status: String) -> String {
        #"{"EventType":"connection","token":"\#(token)","instance":{"status":"\#(status)","owner":"553499754953"}}"#
    }
}

extension TestClientProtocol {
    /// POSTs a raw body to a webhook path; answers status and JSON.
    func deliver(_ path: String, _ body: String, headers: HTTPFields = [:]) async throws -> APIResponse {
        try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            let text = String(buffer: response.body)
            return APIResponse(
                status: response.status, body: (try? JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))) ?? [:], text: text)
        }
    }

    /// Configures the client's WhatsApp integration on the fake uazapi at `url` (its `instance`: see whatsappConfig).
    func configureWhatsApp(token: String, url: String, instance: String = "") async throws -> APIResponse {
        try await call(
            .post, "/api/integrations/whatsapp/configure", token: token, json: TestGateway.whatsappConfig(url, extra: #","test":false"#, instance: instance)
        )
    }
}
