import ProviderABI

/// A plugin call's status code (`gw_status`), as the host's retry policy reads it. ProviderKit has its own
/// `ProviderStatus`, the same codes under the same names: host and plugins share no Swift module (decision 0002); both
/// are tested against the header's values.
public enum ProviderStatus: Int32, Sendable, Codable, CaseIterable {
    case ok = 0
    case retryable = 1
    case rateLimited = 2
    case permanent = 3
    case auth = 4
    case invalid = 5
    case timeout = 6
    case unsupported = 7
    case `internal` = 8

    /// A code outside the ABI is a plugin bug.
    init(code: gw_status) {
        self = ProviderStatus(rawValue: code) ?? .internal
    }

    /// The header's name for the code (`gw_status_name`): `RATE_LIMITED`.
    public var name: String { String(cString: gw_status_name(rawValue)) }
}
