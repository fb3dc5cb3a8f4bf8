/// Why a job failed: the status its provider answered, or what stopped it before any provider was called. Stored and
/// shown as its text (`RATE_LIMITED`, `INTEGRATION_NOT_FOUND`).
package enum JobFailureCode: Sendable, Equatable {
    case provider(ProviderStatus)
    /// The client has no integration for the job's channel.
    case integrationNotFound
    /// The job's credentials or sealed input cannot be opened with the keys this process holds.
    case credentialsUnreadable

    package var text: String {
        switch self {
        case .provider(let status): status.name
        case .integrationNotFound: "INTEGRATION_NOT_FOUND"
        case .credentialsUnreadable: "CREDENTIALS_UNREADABLE"
        }
    }

    /// The code a stored text names; nil for text no version of the gateway wrote.
    package init?(text: String) {
        if let status = ProviderStatus.allCases.first(where: { $0.name == text }) {
            self = .provider(status)
        } else if let code = [Self.integrationNotFound, .credentialsUnreadable].first(where: { $0.text == text }) {
            self = code
        } else {
            return nil
        }
    }
}
