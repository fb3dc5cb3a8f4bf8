import ProviderABI

/// The outcome of a provider call, as the ABI's `gw_status` codes. The host has its own `ProviderStatus`, the same
/// codes under the same names: host and plugins share no Swift module (decision 0002); both are tested against the
/// header's values.
public enum ProviderStatus: Int32, Sendable, CaseIterable {
    case ok = 0
    case retryable = 1
    case rateLimited = 2
    case permanent = 3
    case auth = 4
    case invalid = 5
    case timeout = 6
    case unsupported = 7
    case `internal` = 8

    /// The name used in error JSON (`"code"`), e.g. `RATE_LIMITED`: the header's `gw_status_name`.
    public var name: String { String(cString: gw_status_name(rawValue)) }
}
