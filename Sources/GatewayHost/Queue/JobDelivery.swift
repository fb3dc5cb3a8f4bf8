import Foundation
import Logging

/// Delivers one claimed job: finds its integration, respects the integration's circuit and pacing, asks the provider
/// whether an in-doubt job already went out, calls the provider's op with the job's input, and turns the answer into
/// an outcome by the retry policy. Never throws: every failure is an outcome.
final class JobDelivery: Sendable {
    let targets: DeliveryTargets
    let breakers: CircuitBreakers
    let pacer: any SendPacer
    let settings: DeliverySettings
    let metrics: GatewayMetrics
    /// What happens after a channel's job went out (an agent's reply is sent back), by channel.
    let followUps: [IntegrationType: any SentFollowUp]
    /// Channels whose job inputs are sealed, opened for the call.
    let inputs: any JobInputSealing
    let logger: Logger

    /// How long a job waits when the store or pacer cannot be reached (not an attempt).
    static let backendWait: Duration = .seconds(5)
    /// How long a job waits when its client's share of the plugin's calls is in use (not an attempt).
    static let busyWait: Duration = .milliseconds(200)
    /// How often a job of a switched-off integration looks again (not an attempt).
    static let disabledWait: Duration = .seconds(2)
    /// The op a provider may offer to say whether a message it was given (by `message_id`) went out.
    static let findSentOp = "find_sent"

    init(
        targets: DeliveryTargets, breakers: CircuitBreakers, pacer: any SendPacer, settings: DeliverySettings, metrics: GatewayMetrics,
        followUps: [IntegrationType: any SentFollowUp] = [:], inputs: any JobInputSealing, logger: Logger
    ) {
        self.targets = targets
        self.followUps = followUps
        self.inputs = inputs
        self.breakers = breakers
        self.pacer = pacer
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
    }

    func deliver(_ claimed: ClaimedJob) async -> JobOutcome {
        let job = claimed.job
        let target: DeliveryTarget
        do {
            guard let found = try await targets.target(clientID: job.clientID, channel: job.channel) else {
                return .failed(code: .integrationNotFound, reason: "no \(job.channel) integration is configured")
            }
            target = found
        } catch let error as IntegrationError {
            switch error.code {
            case .configRefused:
                return .failed(code: .provider(error.status ?? .invalid), reason: error.message)
            case .credentialsUnreadable:
                // Retried like an outage (an operator may configure the missing key), then a dead letter to replay.
                return settings.retry(for: job.channel).outcome(for: .retryable, attempt: job.attempts, retryAfterMs: 0, reason: error.message)
                    .withCode(.credentialsUnreadable)
            default:
                // The plugin is not loaded, quarantined or restarting: an outage, retried like one.
                return settings.retry(for: job.channel).outcome(for: .retryable, attempt: job.attempts, retryAfterMs: 0, reason: error.message)
            }
        } catch {
            return .release(after: Self.backendWait, inDoubt: claimed.inDoubt)
        }
        // Switched off: the job waits, spending no attempt, and goes out once the integration is on again.
        guard target.record.enabled else { return .release(after: Self.disabledWait, inDoubt: claimed.inDoubt) }
        let integrationID = target.record.id
        let provider = target.record.provider
        guard target.instance.plugin.manifest.ops.contains(job.op) else {
            return .failed(code: .provider(.unsupported), reason: "provider '\(provider)' cannot \(job.op)")
        }
        if case .wait(let wait) = breakers.admit(integrationID, provider: provider) {
            return .release(after: wait, inDoubt: claimed.inDoubt)
        }
        if let rate = target.record.sendRatePerMinute {
            let wait: Duration?
            do { wait = try await pacer.reserve(key: integrationID, perMinute: rate) } catch { wait = Self.backendWait }
            if let wait {
                breakers.abandonProbe(integrationID)
                return .release(after: wait, inDoubt: claimed.inDoubt)
            }
        }
        if claimed.inDoubt {
            switch await findAtProvider(job, target: target) {
            case .found(let providerMessageID):
                breakers.record(integrationID, failed: false)
                metrics.recordSend(provider: provider, outcome: "found", duration: nil)
                logger.notice("in-doubt message found at the provider; not sent again", metadata: metadata(job, provider))
                await followUps[job.channel]?.sent(job, input: nil, providerMessageID: providerMessageID, output: nil)
                return .sent(providerMessageID: providerMessageID)
            case .unknown(let status, let reason):
                // Sending blind could send it twice: ask again later.
                breakers.abandonProbe(integrationID)
                logger.info("in-doubt message could not be looked up; asking again later", metadata: metadata(job, provider))
                return settings.retry(for: job.channel).outcome(
                    for: status, attempt: job.attempts, retryAfterMs: 0, reason: "looking the message up failed: \(reason)", inDoubt: true
                )
                .settling(inDoubtFor: settings.sendTimeout)
            case .notFound:
                break
            }
        }
        return await call(job, target: target, inDoubt: claimed.inDoubt)
    }

    /// Calls the provider's op and decides the outcome.
    private func call(_ job: Job, target: DeliveryTarget, inDoubt: Bool) async -> JobOutcome {
        let provider = target.record.provider
        let input: Data
        do {
            input = try inputs.open(job)
        } catch {
            return .failed(code: .credentialsUnreadable, reason: "the job's sealed input cannot be opened: \(error)")
        }
        let started = ContinuousClock.now
        let answer: PluginCallResult
        do {
            answer = try await target.instance.invoke(job.op, input: input, timeoutMs: UInt64(clamping: settings.sendTimeout.milliseconds))
        } catch  where error.code == .busy {
            // This client's share of the plugin is in use: not the provider's fault, and nothing was sent.
            breakers.abandonProbe(target.record.id)
            return .release(after: Self.busyWait, inDoubt: inDoubt)
        } catch {
            breakers.record(target.record.id, failed: true)
            metrics.recordSend(provider: provider, outcome: "not_called", duration: nil)
            return settings.retry(for: job.channel).outcome(for: .retryable, attempt: job.attempts, retryAfterMs: 0, reason: error.message)
        }
        let elapsed = started.duration(to: .now)
        metrics.recordSend(provider: provider, outcome: answer.status.name.lowercased(), duration: elapsed)
        if answer.answeredByHost, answer.status == .internal {
            // The plugin's process died under the call: the plugin's trouble (its restarts and quarantine deal with it),
            // not a sign that the provider is down.
            breakers.abandonProbe(target.record.id)
        } else {
            let providerDown = [.retryable, .timeout, .internal].contains(answer.status)
            if breakers.record(target.record.id, failed: providerDown) == .open, providerDown {
                logger.warning("circuit open: provider failing, its jobs wait", metadata: metadata(job, provider))
            }
        }
        guard answer.status != .ok else {
            let output = try? JSONDecoder().decode(SendOutput.self, from: answer.output)
            let providerMessageID = output?.provider_message_id.flatMap { $0.isEmpty ? nil : $0 }
            await followUps[job.channel]?.sent(job, input: input, providerMessageID: providerMessageID, output: answer.output)
            return .sent(providerMessageID: providerMessageID)
        }
        // What is kept of a failure (last_error, dead letters) repeats neither a secret nor the message: a provider may
        // echo the number or the text in its error.
        let reason = SecretMask.scrub(
            answer.errorMessage ?? "provider answered \(answer.status.name)", secrets: target.secrets + Self.contentValues(of: input))
        let outcome = settings.retry(for: job.channel).outcome(
            for: answer.status, attempt: job.attempts, retryAfterMs: answer.retryAfterMs, reason: reason, inDoubt: answer.inDoubt
        )
        .settling(inDoubtFor: settings.sendTimeout)
        var fields = metadata(job, provider)
        fields["error.code"] = "\(answer.status.name)"
        fields["send.duration_ms"] = "\(elapsed.milliseconds)"
        fields["send.in_doubt"] = "\(answer.inDoubt)"
        logger.info("send did not go through", metadata: fields)
        return outcome
    }

    /// Every text in a job's input (the recipient, subject, words), and a phone's digits as a provider writes them,
    /// longest first so a longer value is masked whole.
    static func contentValues(of input: Data) -> [String] {
        func texts(_ value: JSONValue) -> [String] {
            switch value {
            case .string(let text):
                text.filter(\.isNumber).count >= 8 ? [text, text.filter(\.isNumber)] : [text]
            case .array(let items): items.flatMap(texts)
            case .object(let members): members.values.flatMap(texts)
            case .null, .bool, .integer, .number: []
            }
        }
        let value = (try? JSONDecoder().decode(JSONValue.self, from: input)) ?? .null
        return texts(value).sorted { $0.count > $1.count }
    }

    private enum Lookup {
        case found(providerMessageID: String?)
        case notFound
        /// The provider could not say (its lookup failed): nothing may be sent yet.
        case unknown(ProviderStatus, String)
    }

    /// For a job whose earlier call may have reached the provider: asks the provider, when it can say, whether it has
    /// the message. A provider without `find_sent` cannot tell: the message is sent again (at-least-once).
    private func findAtProvider(_ job: Job, target: DeliveryTarget) async -> Lookup {
        guard target.instance.plugin.manifest.ops.contains(Self.findSentOp) else { return .notFound }
        let input = IntegrationRecord.configText(["message_id": .string(job.id)])
        let answer: PluginCallResult
        do {
            answer = try await target.instance.invoke(Self.findSentOp, input: Data(input.utf8), timeoutMs: UInt64(clamping: settings.sendTimeout.milliseconds))
        } catch {
            return .unknown(.retryable, error.message)
        }
        guard answer.status == .ok else {
            return .unknown(answer.status, SecretMask.scrub(answer.errorMessage ?? answer.status.name, secrets: target.secrets))
        }
        guard let output = try? JSONDecoder().decode([String: JSONValue].self, from: answer.output), case .bool(let found) = output["found"] else {
            return .unknown(.internal, "find_sent answered without a boolean 'found'")
        }
        return found ? .found(providerMessageID: output["provider_message_id"]?.stringValue) : .notFound
    }

    /// What a send op answers (the ABI's convention for send ops).
    private struct SendOutput: Decodable {
        let provider_message_id: String?
    }

    private func metadata(_ job: Job, _ provider: String) -> Logger.Metadata {
        ["client.id": "\(job.clientID)", "message.id": "\(job.id)", "provider.id": "\(provider)", "message.attempt": "\(job.attempts)"]
    }
}
