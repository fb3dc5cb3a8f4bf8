import ProviderKit

/// Deliveries for `gateway provider-test`, in the shape of the real samples in shared/providers/uazapi/.
enum UazapiWebhookVectors {
    static let set = WebhookVectorSet(
        config: [
            "api_url": .string("https://free.uazapi.com"), "api_token": .string("vector-token"), "phone_number": .string("553499754953"),
        ],
        vectors: [
            WebhookVector(name: "received text message", headers: ["content-type": "application/json"], body: message(token: "vector-token", fromMe: false), expect: .ok, events: 1),
            WebhookVector(name: "own message (no reply loop)", headers: ["content-type": "application/json"], body: message(token: "vector-token", fromMe: true), expect: .ok, events: 0),
            WebhookVector(name: "wrong instance token", headers: ["content-type": "application/json"], body: message(token: "vector-tokem", fromMe: false), expect: .auth),
            WebhookVector(
                name: "token-less shape without a webhook secret", headers: ["content-type": "application/json"],
                body: #"{"event":"message","instance":"i91011ijkl","data":{"messageid":"3EB0123456789ABCDEF","sender_pn":"5511999999999","text":"oi","fromMe":false}}"#,
                expect: .auth
            ),
        ]
    )

    private static func message(token: String, fromMe: Bool) -> String {
        #"{"BaseUrl":"https://free.uazapi.com","EventType":"messages","chat":{"wa_chatid":"553498217808@s.whatsapp.net","wa_contactName":"Rafael"},"#
            + #""message":{"chatid":"553498217808@s.whatsapp.net","content":"olá?","fromMe":\#(fromMe),"isGroup":false,"messageTimestamp":1786470633000,"#
            + #""messageType":"Conversation","messageid":"ACD9E19035A6AA4327A704AE66A81B45","sender":"212288019648554@lid","senderName":"Rafael","#
            + #""sender_pn":"553498217808@s.whatsapp.net","text":"olá?","type":"text","wasSentByApi":false},"owner":"553499754953","token":"\#(token)"}"#
    }
}
