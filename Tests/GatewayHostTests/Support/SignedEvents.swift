import Foundation
import GatewayHost
import HTTPTypes

/// SendGrid Event Webhook deliveries signed by a key pair of the fixture's own (PyPI `cryptography`), each signature
/// first checked by the PyPI `sendgrid` package's EventWebhook verifier: signed as SendGrid signs.
struct SignedEvents: Sendable {
    let publicKey: String
    let deliveries: [(timestamp: String, body: String, signature: String)]

    static func sign(_ deliveries: [(timestamp: Int64, body: String)]) async throws -> SignedEvents {
        let request: JSONValue = [
            "deliveries": .array(deliveries.map { ["timestamp": .string("\($0.timestamp)"), "body": .string($0.body)] })
        ]
        let output = try JSONDecoder().decode(
            [String: JSONValue].self, from: try await PythonClient.run("sendgrid_sign.py", input: try JSONEncoder().encode(request)))
        guard let key = output["public_key"]?.stringValue, let signatures = output["signatures"]?.arrayValue?.compactMap(\.stringValue),
            signatures.count == deliveries.count
        else { throw CocoaError(.coderInvalidValue) }
        return SignedEvents(
            publicKey: key, deliveries: zip(deliveries, signatures).map { ("\($0.0.timestamp)", $0.0.body, $0.1) })
    }

    /// The headers of delivery `index` (a signature of `signature` instead of its own when given).
    func headers(_ index: Int, signature: String? = nil) -> [String: String] {
        [
            "content-type": "application/json", "x-twilio-email-event-webhook-signature": signature ?? deliveries[index].signature,
            "x-twilio-email-event-webhook-timestamp": deliveries[index].timestamp,
        ]
    }

    /// The same as HTTP fields.
    func fields(_ index: Int, signature: String? = nil) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in headers(index, signature: signature) { fields[HTTPField.Name(name)!] = value }
        return fields
    }

    /// An event array of one event.
    static func events(_ event: String, messageID: String, at timestamp: Int64) -> String {
        #"[{"email":"ana@example.com","timestamp":\#(timestamp),"event":"\#(event)","sg_event_id":"ev-\#(event)-\#(messageID)","#
            + #""sg_message_id":"sg-msg-0001.filterdrecv-1.0","gateway_message_id":"\#(messageID)"}]"#
    }
}
