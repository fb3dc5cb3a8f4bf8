/// How a claimed job ended this time.
package enum JobOutcome: Sendable {
    case sent(providerMessageID: String?)
    /// Not retried (PERMANENT, AUTH, INVALID...).
    case failed(code: String, reason: String)
    /// Retries ran out.
    case dead(code: String, reason: String)
    /// Try again after `delay`; the attempt counts.
    case retry(after: Duration, code: String, reason: String)
    /// Hand it back without counting the attempt (an open circuit, pacing, shutdown); `inDoubt` when a call was made.
    case release(after: Duration, inDoubt: Bool)
}
