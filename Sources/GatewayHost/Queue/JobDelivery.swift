import Foundation
import Logging

/// Delivers one claimed job: finds its integration, respects the integration's circuit and pacing, asks the provider
/// whether an in-doubt job already went out, calls the provider's op with the job's input, and turns the answer into
/// an outcome by the retry policy. When the integration's provider is down (its circuit open, or retryable failures
/// past `failoverAfterAttempts`) and its primary names a fallback the job has not left, the job moves there once,
/// recorded on the message before the next call. Never throws: every failure is an outcome.
final class JobDelivery: Sendable {
    let targets: DeliveryTargets
    /// Where a move to a fallback is recorded.
    let queue: any JobQueue
    let breakers: CircuitBreakers
    let pacer: any SendPacer
    let settings: DeliverySettings
    let metrics: GatewayMetrics
    /// What happens after a channel's job went out (an agent's reply is sent back), by channel.
    let followUps: [IntegrationType: any SentFollowUp]
    /// Channels whose job inputs are sealed, opened for the call.
    let inputs: any JobInputSealing
    /// Under which a fallback is told its own webhook URL (the message was queued with its primary's).
    let publicURL: PublicURL?
    /// Stamps a move to a fallback.
    let clock: WallClock
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
        targets: DeliveryTargets, queue: any JobQueue, breakers: CircuitBreakers, pacer: any SendPacer, settings: DeliverySettings,
        metrics: GatewayMetrics, followUps: [IntegrationType: any SentFollowUp] = [:], inputs: any JobInputSealing, publicURL: PublicURL? = nil,
        clock: WallClock, logger: Logger
    ) {
        self.clock = clock
        self.targets = targets
        self.queue = queue
        self.followUps = followUps
        self.inputs = inputs
        self.publicURL = publicURL
        self.breakers = breakers
        self.pacer = pacer
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
    }

    /// How a try through one integration ended.
    private enum Try {
        case done(JobOutcome)
        /// Its provider is down: the job may move to a fallback; `outcome` stands when there is none. `called` when
        /// this try spent the attempt on a call.
        case providerDown(JobOutcome, reason: String, called: Bool)
    }

    func deliver(_ claimed: ClaimedJob) async -> JobOutcome {
        let job = claimed.job
        let route: DeliveryRoute
        do {
            guard let found = try await targets.route(clientID: job.clientID, channel: job.channel) else {
                return .failed(code: .integrationNotFound, reason: "no \(job.channel) integration is configured")
            }
            route = found
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
        var history = job.providerHistory
        var position = route.position(leaving: history)
        while true {
            let target = route.targets[position]
            // Each integration has its own retry budget: the calls made through those the job left do not count.
            let attempt = max(1, job.attempts - history.reduce(0) { $0 + $1.attempts })
            switch await deliver(claimed, through: target, attempt: attempt) {
            case .done(let done):
                return done
            case .providerDown(let standing, let reason, let called):
                // A job in doubt may already be at this provider: it stays, and is looked up there.
                guard !claimed.inDoubt, let next = route.next(after: position, leaving: history) else { return standing }
                history.append(
                    ProviderHop(
                        integrationID: target.record.id, provider: target.record.provider, attempts: called ? attempt : attempt - 1, reason: reason,
                        at: clock.now))
                do {
                    guard try await queue.recordFailover(claimed, history: history) else { return standing }
                } catch {
                    return standing
                }
                let to = route.targets[next].record
                metrics.recordFailover(type: job.channel.rawValue, from: target.record.provider, to: to.provider)
                var fields = metadata(job, target.record.provider)
                fields["failover.to"] = "\(to.provider)"
                fields["failover.integration_id"] = "\(to.id)"
                logger.warning("provider down: message moves to the next fallback", metadata: fields)
                guard called else {
                    position = next
                    continue
                }
                // The attempt went on the failed call: the next claim goes through the fallback at once.
                return .retry(after: .zero, code: standing.failureCode ?? .provider(.retryable), reason: reason, inDoubt: false)
            }
        }
    }

    /// One try through `target`: its switch, circuit and pacing, an in-doubt look-up, then the call.
    private func deliver(_ claimed: ClaimedJob, through target: DeliveryTarget, attempt: Int) async -> Try {
        let job = claimed.job
        // Switched off: the job waits, spending no attempt, and goes out once the integration is on again.
        guard target.record.enabled else { return .done(.release(after: Self.disabledWait, inDoubt: claimed.inDoubt)) }
        let integrationID = target.record.id
        let provider = target.record.provider
        guard target.instance.plugin.manifest.ops.contains(job.op) else {
            return .done(.failed(code: .provider(.unsupported), reason: "provider '\(provider)' cannot \(job.op)"))
        }
        if case .wait(let wait) = breakers.admit(integrationID, provider: provider) {
            return .providerDown(.release(after: wait, inDoubt: claimed.inDoubt), reason: "the circuit of provider '\(provider)' is open", called: false)
        }
        if let rate = target.record.sendRatePerMinute {
            let wait: Duration?
            do { wait = try await pacer.reserve(key: integrationID, perMinute: rate) } catch { wait = Self.backendWait }
            if let wait {
                breakers.abandonProbe(integrationID)
                return .done(.release(after: wait, inDoubt: claimed.inDoubt))
            }
        }
        if claimed.inDoubt {
            switch await findAtProvider(job, target: target) {
            case .found(let providerMessageID):
                breakers.record(integrationID, failed: false)
                metrics.recordSend(provider: provider, outcome: "found", duration: nil)
                logger.notice("in-doubt message found at the provider; not sent again", metadata: metadata(job, provider))
                await followUps[job.channel]?.sent(job, input: nil, providerMessageID: providerMessageID, output: nil)
                return .done(.sent(providerMessageID: providerMessageID))
            case .unknown(let status, let reason):
                // Sending blind could send it twice: ask again later.
                breakers.abandonProbe(integrationID)
                logger.info("in-doubt message could not be looked up; asking again later", metadata: metadata(job, provider))
                return .done(
                    settings.retry(for: job.channel).outcome(
                        for: status, attempt: attempt, retryAfterMs: 0, reason: "looking the message up failed: \(reason)", inDoubt: true
                    )
                    .settling(inDoubtFor: settings.sendTimeout))
            case .notFound:
                break
            }
        }
        return await call(job, target: target, attempt: attempt, inDoubt: claimed.inDoubt)
    }

    /// Calls the provider's op and decides the outcome.
    private func call(_ job: Job, target: DeliveryTarget, attempt: Int, inDoubt: Bool) async -> Try {
        let provider = target.record.provider
        let input: Data
        do {
            input = addressingWebhooks(try inputs.open(job), to: target.record)
        } catch {
            return .done(.failed(code: .credentialsUnreadable, reason: "the job's sealed input cannot be opened: \(error)"))
        }
        let started = ContinuousClock.now
        let answer: PluginCallResult
        do {
            answer = try await target.instance.invoke(job.op, input: input, timeoutMs: UInt64(clamping: settings.sendTimeout.milliseconds))
        } catch  where error.code == .busy {
            // This client's share of the plugin is in use: not the provider's fault, and nothing was sent.
            breakers.abandonProbe(target.record.id)
            return .done(.release(after: Self.busyWait, inDoubt: inDoubt))
        } catch {
            breakers.record(target.record.id, failed: true)
            metrics.recordSend(provider: provider, outcome: "not_called", duration: nil)
            let outcome = settings.retry(for: job.channel).outcome(for: .retryable, attempt: attempt, retryAfterMs: 0, reason: error.message)
            return attempt >= settings.failoverAfterAttempts ? .providerDown(outcome, reason: error.message, called: true) : .done(outcome)
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
            return .done(.sent(providerMessageID: providerMessageID))
        }
        // What is kept of a failure (last_error, dead letters) repeats neither a secret nor the message: a provider may
        // echo the number or the text in its error.
        let reason = SecretMask.scrub(
            answer.errorMessage ?? "provider answered \(answer.status.name)", secrets: target.secrets + Self.contentValues(of: input))
        let outcome = settings.retry(for: job.channel).outcome(
            for: answer.status, attempt: attempt, retryAfterMs: answer.retryAfterMs, reason: reason, inDoubt: answer.inDoubt
        )
        .settling(inDoubtFor: settings.sendTimeout)
        var fields = metadata(job, provider)
        fields["error.code"] = "\(answer.status.name)"
        fields["send.duration_ms"] = "\(elapsed.milliseconds)"
        fields["send.in_doubt"] = "\(answer.inDoubt)"
        logger.info("send did not go through", metadata: fields)
        // Permanent and auth failures never move (a bad address stays failed), nor does a call that may have gone out.
        let providerDown = [.retryable, .timeout].contains(answer.status) && !answer.inDoubt && !answer.answeredByHost
        return providerDown && attempt >= settings.failoverAfterAttempts ? .providerDown(outcome, reason: reason, called: true) : .done(outcome)
    }

    /// A fallback's input names its own webhook URL (Twilio's `StatusCallback`): the message was queued with its
    /// primary's.
    private func addressingWebhooks(_ input: Data, to record: IntegrationRecord) -> Data {
        guard record.role == .fallback, let publicURL, var fields = try? JSONDecoder().decode([String: JSONValue].self, from: input),
            fields["webhook_url"] != nil
        else { return input }
        fields["webhook_url"] = .string(publicURL.webhook(provider: record.provider, integrationID: record.id))
        return Data(IntegrationRecord.configText(fields).utf8)
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
