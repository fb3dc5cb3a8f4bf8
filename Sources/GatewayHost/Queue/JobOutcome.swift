/// How a claimed job ended this time.
package enum JobOutcome: Sendable {
    case sent(providerMessageID: String?)
    /// Not retried (PERMANENT, AUTH, INVALID...).
    case failed(code: JobFailureCode, reason: String)
    /// Retries ran out.
    case dead(code: JobFailureCode, reason: String)
    /// Try again after `delay`; the attempt counts. `inDoubt` when the call may have taken effect (a timeout, a
    /// connection lost after the request went out, a provider process that died mid-call): the provider is asked
    /// (`find_sent`) before the message is sent again.
    case retry(after: Duration, code: JobFailureCode, reason: String, inDoubt: Bool)
    /// Hand it back without counting the attempt (an open circuit, pacing, shutdown); `inDoubt` when a call was made.
    case release(after: Duration, inDoubt: Bool)
}
