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

    /// The same outcome with another error code (what went wrong, where the plugin status does not say it).
    func withCode(_ code: String) -> JobOutcome {
        switch self {
        case .failed(_, let reason): .failed(code: code, reason: reason)
        case .dead(_, let reason): .dead(code: code, reason: reason)
        case .retry(let delay, _, let reason, let inDoubt): .retry(after: delay, code: code, reason: reason, inDoubt: inDoubt)
        case .sent, .release: self
        }
    }
}
