import Crypto
import Foundation
import Logging

/// Takes send requests: checks them, turns them into the provider's input, and queues them (once per idempotency
/// key); answers what the queue knows about a client's messages; replays failed and dead ones.
final class MessageService: Sendable {
    let queue: any JobQueue
    let integrations: any IntegrationStore
    let outbound: any OutboundStore
    let signal: WorkSignal
    let vault: Vault
    /// Seals each message's input: the recipient and the words are not kept in clear while the message waits.
    let inputs: any JobInputSealing
    /// The client's send limit, which the send routes, tools and triggers take from before they send.
    let limits: RequestLimits
    /// Under which sends name the integration's webhook URL (`webhook_url`, Twilio's `StatusCallback`).
    let publicURL: PublicURL?
    let logger: Logger

    /// How far ahead `send_at` may be.
    static let maxSchedule: TimeInterval = 30 * 24 * 60 * 60

    init(
        queue: any JobQueue, integrations: any IntegrationStore, outbound: any OutboundStore, signal: WorkSignal, vault: Vault,
        inputs: any JobInputSealing, limits: RequestLimits, publicURL: PublicURL?, logger: Logger
    ) {
        self.queue = queue
        self.integrations = integrations
        self.outbound = outbound
        self.signal = signal
        self.vault = vault
        self.inputs = inputs
        self.limits = limits
        self.publicURL = publicURL
        self.logger = logger
    }

    /// A queued message, and whether an earlier request with the same idempotency key had queued it.
    struct Accepted: Sendable {
        let job: Job
        let replayed: Bool
    }

    /// How a message is queued: its priority, the earliest time to send it (ISO 8601), and the key that makes a repeated
    /// send return the first message.
    struct Queuing: Sendable {
        var priority: JobPriority?
        var sendAt: String?
        var idempotencyKey: String?
    }

    /// Queues the message once per idempotency key; refused when the client has no enabled integration of its channel.
    func send(clientID: String, _ outgoing: Outgoing, _ queuing: Queuing) async throws -> Accepted {
        var (op, input) = try outgoing.providerCall()
        let channel = outgoing.channel
        guard let integration = try await integrations.integration(clientID: clientID, type: channel) else {
            throw MessageError(.integrationNotFound, "no \(channel.rawValue) integration is configured")
        }
        guard integration.enabled else {
            throw MessageError(.integrationDisabled, "the \(channel.rawValue) integration is switched off (PATCH /api/integrations/{id})")
        }
        let id = RecordID.make()
        input["message_id"] = .string(id)  // lets providers tag the message, and find it again after a crash
        if let publicURL { input["webhook_url"] = .string(publicURL.webhook(provider: integration.provider, integrationID: integration.id)) }
        let fingerprint = try Self.fingerprint(outgoing, queuing)
        let job = NewJob(
            id: id, clientID: clientID, channel: channel, op: op,
            input: try inputs.seal(Data(IntegrationRecord.configText(input).utf8), clientID: clientID),
            priority: queuing.priority ?? .normal,
            notBefore: try Self.schedule(queuing.sendAt), idempotency: try queuing.idempotencyKey.map { (try Self.checked($0), fingerprint) }
        )
        switch try await queue.enqueue([job])[0] {
        case .created(let job):
            signal.notify()
            await attach(job, outgoing, integration: integration)
            logger.info(
                "message queued", metadata: ["client.id": "\(clientID)", "message.id": "\(job.id)", "message.channel": "\(channel.rawValue)"])
            return Accepted(job: job, replayed: false)
        case .existing(let job, let storedFingerprint):
            guard storedFingerprint == fingerprint else {
                throw MessageError(
                    .idempotencyKeyReused, "this Idempotency-Key was used with a different request in the last 24 hours", messageID: job.id)
            }
            return Accepted(job: job, replayed: true)
        }
    }

    /// Queues a send route's body (or a send tool's arguments) with the request's `Idempotency-Key`.
    func send(clientID: String, request: some SendRequest, idempotencyKey: String?) async throws -> Accepted {
        try await send(clientID: clientID, request.outgoing, Queuing(priority: request.priority, sendAt: request.send_at, idempotencyKey: idempotencyKey))
    }

    /// The message joins its recipient's conversation. It is queued whatever happens here: a failure is logged.
    private func attach(_ job: Job, _ outgoing: Outgoing, integration: IntegrationRecord) async {
        let channel = integration.type
        guard let recipient = outgoing.recipient, let address = ContactAddress.normalized(recipient, channel: channel) else { return }
        do {
            try await outbound.attachOutbound(
                OutboundMessage(
                    clientID: job.clientID, integrationID: integration.id, channel: channel, messageID: job.id, type: outgoing.messageType,
                    addressIndexes: vault.blindIndexes(address, purpose: ContactSealing.addressPurpose),
                    sealedAddress: try vault.seal(Data(address.utf8), context: ContactSealing.context(job.clientID, "address")), at: job.createdAt
                )
            )
        } catch {
            logger.warning("message not attached to its conversation", metadata: ["message.id": "\(job.id)", "error.message": "\(error)"])
        }
    }

    /// The message's row in its conversation (receipts), if it has one.
    func conversationMessage(clientID: String, id: String) async throws -> ConversationMessageRecord? {
        try await outbound.outboundMessage(clientID: clientID, messageID: id)
    }

    func message(clientID: String, id: String) async throws -> Job {
        guard let job = try await queue.job(clientID: clientID, id: id) else { throw Self.notFound }
        return job
    }

    /// The message once its outcome is known (sent, failed or dead), or as it stands when `limit` runs out. It reads
    /// the queue, so it sees the outcome whichever process delivers the message.
    func settled(clientID: String, id: String, within limit: Duration) async throws -> Job {
        let deadline = ContinuousClock.now + limit
        var pause = Duration.milliseconds(10)
        while true {
            let job = try await message(clientID: clientID, id: id)
            let left = deadline - .now
            guard !job.status.isSettled, left > .zero else { return job }
            try await Task.sleep(for: min(pause, left))
            pause = min(pause * 2, .milliseconds(250))
        }
    }

    /// The message after waiting up to `wait` (none: not at all) for its outcome. One the provider refused, or whose
    /// retries ran out, is an error naming it (the provider's code, the message id and status in `details`).
    func outcome(clientID: String, of job: Job, waiting wait: Duration?) async throws -> Job {
        var job = job
        if let wait { job = try await settled(clientID: clientID, id: job.id, within: wait) }
        if job.status.isReplayable { throw MessageError(.notDelivered, job.lastError ?? "the message was not delivered", job: job) }
        return job
    }

    func jobs(clientID: String, status: JobStatus, limit: Int) async throws -> [Job] {
        try await queue.jobs(clientID: clientID, status: status, limit: limit)
    }

    func count(clientID: String, status: JobStatus, upTo cap: Int) async throws -> Int {
        try await queue.count(clientID: clientID, status: status, upTo: cap)
    }

    /// Queues a failed or dead message again; 409 for one in another state.
    func replay(clientID: String, id: String) async throws -> Job {
        let job: Job
        switch try await queue.replay(clientID: clientID, id: id) {
        case nil:
            throw Self.notFound
        case .unchanged(let current):
            throw MessageError(.notReplayable, "only failed or dead messages can be retried; this one is \(current.status.rawValue)")
        case .replayed(let replayed):
            job = replayed
        }
        signal.notify()
        logger.info("message replayed", metadata: ["client.id": "\(clientID)", "message.id": "\(id)"])
        return job
    }

    private static let notFound = MessageError(.notFound, "no message with that id")

    /// Printable ASCII, at most 255 characters (what Stripe and the IETF draft accept).
    private static func checked(_ key: String) throws -> String {
        guard !key.isEmpty, key.count <= 255, key.allSatisfy({ $0.isASCII && !$0.isNewline && $0 != "\t" }) else {
            throw MessageError(.invalidIdempotencyKey, "Idempotency-Key must be 1 to 255 printable ASCII characters")
        }
        return key
    }

    private static func schedule(_ sendAt: String?) throws -> Date? {
        guard let sendAt else { return nil }
        guard
            let date = (try? Date(sendAt, strategy: .iso8601))
                ?? (try? Date(sendAt, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
            date.timeIntervalSinceNow <= maxSchedule
        else {
            throw MessageError.invalid("send_at must be an ISO 8601 time within 30 days", field: "send_at")
        }
        return date
    }

    /// SHA-256 of the message and when it is due (keys sorted): the same send gives the same fingerprint however its
    /// JSON was laid out, and whichever route or tool asked for it.
    private static func fingerprint(_ outgoing: Outgoing, _ queuing: Queuing) throws -> String {
        struct Fingerprinted: Encodable {
            let outgoing: Outgoing
            let priority: JobPriority?
            let sendAt: String?
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(Fingerprinted(outgoing: outgoing, priority: queuing.priority, sendAt: queuing.sendAt))
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
