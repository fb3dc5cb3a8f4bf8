import ProviderABI

/// The deadline and cancel flag of one call, plus the host's log. Valid only during the call.
public struct CallContext {
    let host: UnsafePointer<gw_host_api>
    let call: UnsafePointer<gw_call>

    /// Milliseconds left before the deadline; 0 or less once it has passed.
    public var remainingMs: Int64 { gw_call_remaining_ms(host, call) }

    /// True once the host no longer wants the answer.
    public var isCancelled: Bool { gw_call_cancelled(call) != 0 }

    /// Throws `TIMEOUT` when the deadline has passed or the call was cancelled.
    public func checkDeadline() throws(ProviderError) {
        if isCancelled { throw ProviderError(.timeout, "call cancelled by the host") }
        if remainingMs <= 0 { throw ProviderError(.timeout, "deadline passed") }
    }

    /// Logs through the host. Never pass a secret or a message body.
    public func log(_ level: ProviderLogLevel, _ message: String) {
        ProviderLog.write(host: host, level: level, message)
    }
}
