import Dispatch

/// The host's monotonic clock in milliseconds: `gw_host_api.now_ms`, and the clock of every call deadline.
package enum HostClock {
    package static let nowMs: @convention(c) () -> UInt64 = {
        DispatchTime.now().uptimeNanoseconds / 1_000_000
    }
}
