@testable import GatewayHost
import Testing

/// The seed's retry policy, decided by the plugin's status alone.
@Suite struct RetryPolicyTests {
    let policy = RetryPolicy()

    @Test func retryableAndTimeoutWait1Then5Then25SecondsPlusAtMost20PercentThenDie() {
        for status in [ProviderStatus.retryable, .timeout] {
            for (attempt, wait) in [(1, 1.0), (2, 5.0), (3, 25.0)] {
                guard case .retry(let delay, let code, _, _) = policy.outcome(for: status, attempt: attempt, retryAfterMs: 0, reason: "down") else {
                    Issue.record("attempt \(attempt) of \(status.name) was not retried")
                    continue
                }
                #expect(code == .provider(status))
                #expect(delay >= .seconds(wait) && delay <= .seconds(wait * 1.2), "attempt \(attempt): \(delay)")
            }
            guard case .dead(_, let reason) = policy.outcome(for: status, attempt: 4, retryAfterMs: 0, reason: "down") else {
                Issue.record("the fourth failure did not end the job")
                continue
            }
            #expect(reason == "gave up after 4 attempts: down")
        }
    }

    @Test func rateLimitedWaitsWhatThePluginAsks() {
        guard case .retry(let delay, .provider(.rateLimited), _, _) = policy.outcome(for: .rateLimited, attempt: 1, retryAfterMs: 7_500, reason: "slow down") else {
            Issue.record("not retried")
            return
        }
        #expect(delay == .milliseconds(7_500))
        guard case .retry(let fallback, _, _, _) = policy.outcome(for: .rateLimited, attempt: 2, retryAfterMs: 0, reason: "slow down") else {
            Issue.record("not retried")
            return
        }
        #expect(fallback == .seconds(1))
        #expect(policy.outcome(for: .rateLimited, attempt: 10, retryAfterMs: 1_000, reason: "x").finalStatus == .dead)
    }

    @Test(arguments: [ProviderStatus.permanent, .auth, .invalid, .unsupported, .internal])
    func refusalsFailAtOnceWithTheReason(_ status: ProviderStatus) {
        guard case .failed(let code, let reason) = policy.outcome(for: status, attempt: 1, retryAfterMs: 0, reason: "number not on WhatsApp") else {
            Issue.record("\(status.name) was not failed at once")
            return
        }
        #expect(code == .provider(status) && reason == "number not on WhatsApp")
    }
}
