/// What a provider's answer means for a job, driven by the plugin's status code alone (DESIGN.md): RETRYABLE and
/// TIMEOUT retry after 1 s, 5 s, 25 s (plus up to 20 % jitter, so a burst of failures does not come back as a burst),
/// then the job is dead; RATE_LIMITED waits what the plugin asks; anything else fails at once with the provider's
/// reason.
package struct RetryPolicy: Sendable {
    /// The wait before each retry; its count is the number of retries.
    package var backoff: [Duration] = [.seconds(1), .seconds(5), .seconds(25)]
    /// Up to this fraction of the wait is added at random.
    package var jitter = 0.2
    /// Rate-limited answers retry until this many attempts in all, then the job is dead.
    package var rateLimitedAttempts = 10
    /// The wait when a plugin says RATE_LIMITED without a `retry_after_ms`.
    package var defaultRateLimitWait: Duration = .seconds(1)
    /// The longest a provider's retry-after is honoured (a provider may ask for 49 days).
    package var maxRateLimitWait: Duration = .seconds(3_600)

    package init() {}

    /// The outcome of attempt number `attempt` (1 for the first call) that ended with `status`. A call `inDoubt` may
    /// have taken effect: whatever its status, it is retried like a TIMEOUT, so the provider is asked before a resend.
    package func outcome(for status: ProviderStatus, attempt: Int, retryAfterMs: UInt32, reason: String, inDoubt: Bool = false) -> JobOutcome {
        let code = JobFailureCode.provider(status)
        switch status {
        case .ok:
            return .sent(providerMessageID: nil)
        case .retryable, .timeout:
            return backedOff(code: code, attempt: attempt, reason: reason, inDoubt: inDoubt)
        case .rateLimited:
            guard attempt < rateLimitedAttempts else { return .dead(code: code, reason: "still rate limited after \(attempt) attempts: \(reason)") }
            let wait = retryAfterMs > 0 ? min(.milliseconds(Int64(retryAfterMs)), maxRateLimitWait) : defaultRateLimitWait
            return .retry(after: wait, code: code, reason: reason, inDoubt: inDoubt)
        case .permanent, .auth, .invalid, .unsupported, .internal:
            return inDoubt ? backedOff(code: code, attempt: attempt, reason: reason, inDoubt: true) : .failed(code: code, reason: reason)
        }
    }

    private func backedOff(code: JobFailureCode, attempt: Int, reason: String, inDoubt: Bool) -> JobOutcome {
        guard attempt <= backoff.count else { return .dead(code: code, reason: "gave up after \(attempt) attempts: \(reason)") }
        return .retry(after: withJitter(backoff[attempt - 1]), code: code, reason: reason, inDoubt: inDoubt)
    }

    private func withJitter(_ wait: Duration) -> Duration {
        wait + wait * Double.random(in: 0...jitter)
    }
}
