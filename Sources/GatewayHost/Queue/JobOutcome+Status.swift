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
}
