import Crypto
import Foundation
import Logging

/// Takes a provider's webhook delivery: finds the integration it is for, lets the plugin authenticate and parse it,
/// and records its events (deduplicated) before answering, so a 200 means the events are durable.
final class WebhookService: Sendable {
    let routes: any WebhookRouteStore
    let integrations: IntegrationService
    let limits: RequestLimits
    let agents: AgentService
    let triggers: TriggerService
    let logger: Logger
    let clock: WallClock
    private let timing = ResponseTiming()
    private let recorder: InboundRecorder
    /// Read on every delivery, changed rarely: a change applies within two seconds.
    private let cachedRoutes = ExpiringCache<String, IntegrationRecord?>(ttl: .seconds(2))

    /// Deadline of the plugin's `webhook` call.
    static let timeoutMs: UInt64 = 10_000
    /// The most events one delivery may carry: they are written in a transaction other clients' deliveries share.
    /// Providers batch far fewer (Uazapi one, SendGrid a few hundred); beyond it the delivery is refused (400).
    static let maxEventsPerDelivery = 1_000

    init(routes: any WebhookRouteStore, inbound: any InboundStore, integrations: IntegrationService, limits: RequestLimits, agents: AgentService, triggers: TriggerService, writers: Int, clock: WallClock, logger: Logger) {
        self.routes = routes
        self.integrations = integrations
        self.limits = limits
        self.agents = agents
        self.triggers = triggers
        recorder = InboundRecorder(store: inbound, writers: writers)
        self.clock = clock
        self.logger = logger
    }

    var vault: Vault { integrations.vault }

    /// A delivery as received: the path below the integration's webhook URL (with its query), lower-case headers, and
    /// the address it came from.
    struct Delivery: Sendable {
        let method: String
        let path: String
        let headers: [String: String]
        let body: Data
        let sourceAddress: String?
    }

    /// What the sender is answered.
    struct Answer: Sendable {
        let processedAt: Date
        /// Every event of the delivery had been recorded before.
        let duplicate: Bool
        /// The plugin's own answer (a verification handshake), when it gives a body.
        let response: PluginResponse?
    }

    struct PluginResponse: Sendable, Decodable {
        let status: Int?
        let headers: [String: String]?
        let body: String?
    }

    /// `POST /webhooks/{provider}` (the seed's `/webhooks/uazapi`): the integration is the one whose routing value (its
    /// manifest's `webhook_route`: an instance token, a webhook secret) the delivery carries. That value is the
    /// delivery's credential: a missing or unknown one is 401.
    func receiveRouted(_ delivery: Delivery, provider: String) async throws -> Answer {
        guard let route = integrations.registry.plugin(id: provider)?.manifest.webhookRoute else {
            return try await receive(delivery, for: nil, unknown: WebhookError(code: .unknownIntegration, message: "no provider takes webhooks at this address"))
        }
        var record: IntegrationRecord?
        if let value = try Self.routingValue(delivery, route: route), !value.isEmpty {
            let indexes = vault.blindIndexes(value, purpose: WebhookRouteIndex.purpose(provider: provider)).map(\.value)
            record = try await cachedRoutes.value(for: provider + " " + indexes[0]) {
                try await routes.integration(provider: provider, routeIndexes: indexes)
            }
        }
        let unknown = WebhookError(code: .invalidSignature, message: "the delivery carries no \(route.header ?? route.bodyField ?? "") of a configured integration")
        return try await receive(delivery, for: record, unknown: unknown)
    }

    /// The routing value: the named header, or the named top-level string member of the JSON body (read alone: the
    /// plugin parses the rest).
    private static func routingValue(_ delivery: Delivery, route: PluginManifest.WebhookRoute) throws -> String? {
        if let header = route.header { return delivery.headers[header] }
        guard let field = route.bodyField else { return nil }
        let decoder = JSONDecoder()
        decoder.userInfo[RoutingMember.name] = field
        guard let member = try? decoder.decode(RoutingMember.self, from: delivery.body) else {
            throw WebhookError(code: .invalidPayload, message: "the body is not a JSON object with a string \(field)")
        }
        return member.value
    }

    /// One string member of a JSON object, named by the decoder's `userInfo`.
    private struct RoutingMember: Decodable {
        static let name = CodingUserInfoKey(rawValue: "routing member")!
        let value: String?

        private struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let name = decoder.userInfo[Self.name] as? String ?? ""
            value = try decoder.container(keyedBy: Key.self).decodeIfPresent(String.self, forKey: Key(stringValue: name))
        }
    }

    /// `/webhooks/{provider}/{integration_id}[/{secret}]`: any plugin whose manifest takes webhooks.
    func receive(_ delivery: Delivery, provider: String, integrationID: String) async throws -> Answer {
        let record = try await routes.integration(webhookID: integrationID).flatMap { $0.provider == provider ? $0 : nil }
        return try await receive(
            delivery, for: record, unknown: WebhookError(code: .unknownIntegration, message: "no integration takes webhooks at this address"))
    }

    /// A delivery for no integration is answered after as long as a known one takes, so timing does not tell which
    /// exist.
    private func receive(_ delivery: Delivery, for record: IntegrationRecord?, unknown: WebhookError) async throws -> Answer {
        let started = ContinuousClock.now
        guard let record else {
            if let wait = await limits.unauthenticatedWebhookWait(address: delivery.sourceAddress) { throw WebhookError.rateLimited(wait) }
            try? await Task.sleep(for: timing.typical - started.duration(to: .now))
            throw unknown
        }
        defer { timing.record(started.duration(to: .now)) }
        let events: (events: [ProviderEvent], response: PluginResponse?)
        do {
            events = try await parse(delivery, for: record)
        } catch let error as WebhookError where error.code == .invalidSignature {
            // A forged delivery counts against its address, not against the client it names: forging cannot spend a
            // client's limit.
            if let wait = await limits.unauthenticatedWebhookWait(address: delivery.sourceAddress) { throw WebhookError.rateLimited(wait) }
            throw error
        }
        if let wait = await limits.webhookWait(clientID: record.clientID, events: events.events.count) { throw WebhookError.rateLimited(wait) }
        let turns: TurnSettings?
        let keywords: Set<String>
        do {
            turns = try await agents.settings(clientID: record.clientID)
            keywords = try await triggers.keywords(clientID: record.clientID)
        } catch {
            throw WebhookError(code: .processingFailed, message: "the delivery could not be taken now; deliver again")
        }
        let now = clock.now
        let inbound = InboundDelivery(
            clientID: record.clientID, integrationID: record.id, channel: record.type,
            events: try events.events.enumerated().map {
                try inboundEvent($1, index: $0, record: record, turns: turns, keywords: keywords, body: delivery.body, at: now)
            },
            turns: turns, at: now
        )
        let outcome: InboundOutcome
        do {
            outcome = try await recorder.record(inbound)
        } catch {
            logger.error("webhook events not recorded", metadata: ["integration.id": "\(record.id)", "error.message": "\(error)"])
            throw WebhookError(code: .processingFailed, message: "the events could not be recorded; deliver again")
        }
        logger.info(
            "webhook received",
            metadata: [
                "client.id": "\(record.clientID)", "integration.id": "\(record.id)", "webhook.events": "\(outcome.recorded.count)",
                "webhook.duplicates": "\(outcome.duplicates)",
            ]
        )
        return Answer(processedAt: now, duplicate: !inbound.events.isEmpty && outcome.recorded.isEmpty, response: events.response)
    }

    private struct PluginOutput: Decodable {
        let response: PluginResponse?
        let events: [ProviderEvent]?
    }

    /// The plugin's verdict and events.
    private func parse(_ delivery: Delivery, for record: IntegrationRecord) async throws -> (events: [ProviderEvent], response: PluginResponse?) {
        let live: (instance: PluginInstance, secrets: [String])
        do {
            live = try await integrations.liveInstance(record)
        } catch {
            throw WebhookError(code: .processingFailed, message: "the integration's provider cannot take deliveries now; deliver again")
        }
        guard live.instance.plugin.manifest.webhook else {
            throw WebhookError(code: .unknownIntegration, message: "no integration takes webhooks at this address")
        }
        let result: PluginCallResult
        do {
            result = try await live.instance.webhook(
                method: delivery.method, path: delivery.path, headers: delivery.headers, body: delivery.body, timeoutMs: Self.timeoutMs)
        } catch {
            throw WebhookError(code: .processingFailed, message: "the provider could not take the delivery now; deliver again")
        }
        guard result.status == .ok else {
            let message = SecretMask.scrub(result.errorMessage ?? result.status.name, secrets: live.secrets)
            switch result.status {
            case .auth: throw WebhookError(code: .invalidSignature, message: "the delivery failed authentication: \(message)")
            case .invalid: throw WebhookError(code: .invalidPayload, message: "the delivery is malformed: \(message)")
            default:
                throw WebhookError(
                    code: .processingFailed, message: "the provider could not parse the delivery (\(result.status.name)); deliver again")
            }
        }
        guard let output = try? JSONDecoder().decode(PluginOutput.self, from: result.output) else {
            throw WebhookError(code: .processingFailed, message: "the provider answered something that is not a webhook result")
        }
        let events = output.events ?? []
        guard events.count <= Self.maxEventsPerDelivery else {
            throw WebhookError(code: .invalidPayload, message: "a delivery may carry at most \(Self.maxEventsPerDelivery) events, this one \(events.count)")
        }
        return (events, output.response)
    }

    /// One normalised event as the store records it: received messages with their sender sealed and indexed, and the
    /// client's trigger keywords their text contains (not the text).
    private func inboundEvent(
        _ event: ProviderEvent, index: Int, record: IntegrationRecord, turns: TurnSettings?, keywords: Set<String>, body: Data, at: Date
    ) throws -> InboundEvent {
        let type = event.type.map { String($0.prefix(64)) } ?? "unknown"
        let providerID = event.provider_message_id.flatMap { $0.isEmpty ? nil : String($0.prefix(256)) }
        var data: [String: JSONValue] = ["integration_id": .string(record.id)]
        if let providerID { data["provider_message_id"] = .string(providerID) }
        // A receipt may name the message by the gateway's id, which the provider carried (SendGrid's custom args).
        let messageID = event.message_id.flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
        let kind: InboundEvent.Kind
        switch type {
        case "message_received":
            if let message = try receivedMessage(event, providerID: providerID, record: record, turns: turns, at: at) {
                data["message_id"] = .string(message.messageID)
                data["message_type"] = .string(message.type)
                let matched = event.text.map { TriggerKeywords.matched(keywords, in: $0) } ?? []
                if !matched.isEmpty { data["keywords"] = .array(matched.map(JSONValue.string)) }
                kind = .message(message)
            } else {
                data["skipped"] = .string(event.is_group == true ? "group message" : "no sender address")
                kind = .other
            }
        case "message_status":
            if providerID != nil || messageID != nil, let status = event.status.flatMap(DeliveryStatus.init(rawValue:)) {
                data["status"] = .string(status.rawValue)
                if let messageID { data["message_id"] = .string(messageID) }
                kind = .status(providerMessageID: providerID, messageID: messageID, status: status)
            } else {
                kind = .other
            }
        case "connection":
            if let state = event.state, [IntegrationStatus.connected, IntegrationStatus.disconnected].contains(state) {
                data["state"] = .string(state)
                kind = .connection(state: state)
            } else {
                kind = .other
            }
        default:
            kind = .other
        }
        let discriminator = (data["status"] ?? data["state"])?.stringValue.map { ":" + $0 } ?? ""
        let dedupKey = (providerID ?? messageID).map { "\(type):\($0)\(discriminator)" } ?? "\(type):body:\(Self.digest(body)):\(index)\(discriminator)"
        return InboundEvent(
            id: RecordID.make(), dedupKey: dedupKey, type: type, dataJSON: IntegrationRecord.configText(data), kind: kind)
    }

    /// A received message from a known address, sealed; nil for a group message or one whose sender has no address.
    private func receivedMessage(
        _ event: ProviderEvent, providerID: String?, record: IntegrationRecord, turns: TurnSettings?, at: Date
    ) throws -> InboundMessage? {
        guard event.is_group != true, let from = event.from,
            let address = ContactAddress.normalized(from, channel: record.type)
        else { return nil }
        let client = record.clientID
        let messageID = RecordID.make()
        let type = event.media_type.map { String($0.prefix(32)) } ?? "text"
        let content = event.text
        let storeContent = turns?.storeContent == true && content != nil
        return InboundMessage(
            messageID: messageID, providerMessageID: providerID, type: type,
            addressIndexes: vault.blindIndexes(address, purpose: ContactSealing.addressPurpose),
            sealedAddress: try vault.seal(Data(address.utf8), context: ContactSealing.context(client, "address")),
            sealedName: try event.name.map { try vault.seal(Data($0.utf8), context: ContactSealing.context(client, "name")) },
            sealedTurnEntry: turns == nil
                ? nil : try sealedTurnEntry(event, messageID: messageID, providerID: providerID, type: type, clientID: client),
            sealedContent: storeContent ? try vault.seal(Data((content ?? "").utf8), context: ContactSealing.context(client, "content")) : nil,
            contentExpiresAt: storeContent ? at.addingTimeInterval(Double(turns?.contentRetentionDays ?? 0) * 86_400) : nil
        )
    }

    /// The message as the agent will get it in its turn, sealed.
    private func sealedTurnEntry(_ event: ProviderEvent, messageID: String, providerID: String?, type: String, clientID: String) throws -> String {
        var entry: [String: JSONValue] = ["message_id": .string(messageID), "type": .string(type)]
        let optional = [
            ("provider_message_id", providerID), ("text", event.text), ("media_url", event.media_url), ("media_type", event.media_type),
            ("timestamp", event.timestamp), ("name", event.name), ("subject", event.subject.map { String($0.prefix(998)) }),
        ]
        for case (let key, let value?) in optional { entry[key] = .string(value) }
        return try vault.seal(Data(IntegrationRecord.configText(entry).utf8), context: ContactSealing.context(clientID, "turn"))
    }

    private static func digest(_ body: Data) -> String {
        SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
    }
}
