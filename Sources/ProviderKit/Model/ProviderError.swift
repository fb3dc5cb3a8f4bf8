/// An error a provider throws; ProviderKit turns it into a status code and `{code, message, field}` JSON.
/// Any other Swift error becomes `INTERNAL`.
public struct ProviderError: Error, Sendable, Equatable {
    public var status: ProviderStatus
    public var message: String
    /// The input or config field at fault, for `INVALID`.
    public var field: String?
    /// With `RATE_LIMITED`: how long to wait.
    public var retryAfterMs: UInt32
    /// The call failed but may still have taken effect: the request was written before the connection broke. The host
    /// then asks the provider (`find_sent`) before sending again.
    public var maybeDelivered: Bool

    public init(_ status: ProviderStatus, _ message: String, field: String? = nil, retryAfterMs: UInt32 = 0, maybeDelivered: Bool = false) {
        self.status = status
        self.message = message
        self.field = field
        self.retryAfterMs = retryAfterMs
        self.maybeDelivered = maybeDelivered
    }

    public static func invalid(_ message: String, field: String? = nil) -> ProviderError {
        ProviderError(.invalid, message, field: field)
    }

    public static func unsupported(op: String) -> ProviderError {
        ProviderError(.unsupported, "op '\(op)' is not supported by this provider", field: "op")
    }
}
