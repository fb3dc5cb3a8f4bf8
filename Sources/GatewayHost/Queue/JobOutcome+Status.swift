extension JobOutcome {
    /// The status a job is left in.
    package var finalStatus: JobStatus {
        switch self {
        case .sent: .sent
        case .failed: .failed
        case .dead: .dead
        case .retry, .release: .queued
        }
    }

    /// The error code it records, if any.
    var failureCode: JobFailureCode? {
        switch self {
        case .failed(let code, _), .dead(let code, _), .retry(_, let code, _, _): code
        case .sent, .release: nil
        }
    }

    /// The same outcome with another error code (what went wrong, where the plugin status does not say it).
    func withCode(_ code: JobFailureCode) -> JobOutcome {
        switch self {
        case .failed(_, let reason): .failed(code: code, reason: reason)
        case .dead(_, let reason): .dead(code: code, reason: reason)
        case .retry(let delay, _, let reason, let inDoubt): .retry(after: delay, code: code, reason: reason, inDoubt: inDoubt)
        case .sent, .release: self
        }
    }

    /// An in-doubt retry waits at least `settle`: a provider still finishing the call we gave up on has then finished,
    /// so `find_sent` sees the message instead of letting it go out twice.
    func settling(inDoubtFor settle: Duration) -> JobOutcome {
        guard case .retry(let delay, let code, let reason, true) = self, delay < settle else { return self }
        return .retry(after: settle, code: code, reason: reason, inDoubt: true)
    }
}
