import ProviderABI

/// The memory behind `gw_call.cancel_flag`. A class, so it lives until both the plugin call and the host's watchdog
/// are done with it.
package final class CancelFlag: @unchecked Sendable {
    package let pointer: UnsafeMutablePointer<Int32>

    package init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: 0)
    }

    deinit {
        pointer.deallocate()
    }

    func raise() {
        gw_cancel_flag_raise(pointer)
    }
}
