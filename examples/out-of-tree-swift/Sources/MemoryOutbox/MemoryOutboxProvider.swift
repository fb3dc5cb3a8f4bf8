import Foundation
import ProviderKit
import Synchronization

/// An example provider written outside the gateway's package. It "sends" by keeping each message in memory under the
/// gateway's message id, and offers `find_sent`, the look-up the host asks for after a send that may or may not have
/// gone out: so its guarantee is exactly-once for a message the host retries.
final class MemoryOutboxProvider: Provider {
    static let manifest = ProviderManifest(
        id: "memory_outbox",
        name: "Memory outbox (out-of-tree Swift example)",
        version: "1.0.0",
        kind: "echo",
        ops: ["test", "send", "find_sent"],
        config: [ConfigField("sender", .string, required: true, description: "whom the messages are from", example: .string("example-sender"))],
        webhook: false,
        threadSafe: true
    )

    private let sender: String
    /// The provider's id of each message sent, by the gateway's message id.
    private let sent = Mutex<[String: String]>([:])

    init(config: ProviderConfig) throws(ProviderError) {
        sender = try config.requiredString("sender")
    }

    func invoke(_ call: ProviderCall) throws -> any Encodable {
        switch call.op {
        case "test":
            return ["message": "memory outbox of \(sender) is ready"]
        case "send":
            struct Send: Decodable {
                let to: String
                let text: String
                let message_id: String?
            }
            let input = try call.decode(Send.self)
            let id = sent.withLock { sent in
                let id = "outbox-\(sent.count + 1)"
                sent[input.message_id ?? id] = id
                return id
            }
            call.context.log(.debug, "kept a message")
            return ["provider_message_id": id]
        case "find_sent":
            struct Find: Decodable { let message_id: String }
            let input = try call.decode(Find.self)
            guard let id = sent.withLock({ $0[input.message_id] }) else { return ["found": false] as [String: Bool] }
            return FoundMessage(found: true, provider_message_id: id)
        default:
            throw ProviderError(.unsupported, "op \(call.op) is not offered")
        }
    }

    private struct FoundMessage: Encodable {
        let found: Bool
        let provider_message_id: String
    }
}

@_cdecl("gw_provider_entry_v1")
public func entry(_ host: HostAPIPointer?) -> VTablePointer? { export(MemoryOutboxProvider.self, host) }
