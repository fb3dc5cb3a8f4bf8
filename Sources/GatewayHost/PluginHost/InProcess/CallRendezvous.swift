import Synchronization

/// Where a plugin call and its watchdog meet: whichever comes first answers the caller; the loser learns who won.
final class CallRendezvous: Sendable {
    private enum State {
        case waiting(CheckedContinuation<PluginCallResult, Never>)
        case answered
        case overran
    }

    private let state: Mutex<State>

    init(_ continuation: CheckedContinuation<PluginCallResult, Never>) {
        state = Mutex(.waiting(continuation))
    }

    /// The plugin returned. Returns false when the watchdog had already answered (the call overran), after running
    /// `ifOverran` in order with the watchdog's `onOverrun`.
    func pluginAnswered(_ result: PluginCallResult, ifOverran: () -> Void) {
        let continuation: CheckedContinuation<PluginCallResult, Never>? = state.withLock { state in
            switch state {
            case .waiting(let continuation):
                state = .answered
                return continuation
            case .overran:
                ifOverran()
                return nil
            case .answered:
                return nil
            }
        }
        continuation?.resume(returning: result)
    }

    /// The deadline and grace period passed with no answer: answer for the plugin and run `onOverrun`.
    func watchdogFired(_ result: PluginCallResult, onOverrun: () -> Void) {
        let continuation: CheckedContinuation<PluginCallResult, Never>? = state.withLock { state in
            guard case .waiting(let continuation) = state else { return nil }
            state = .overran
            onOverrun()
            return continuation
        }
        continuation?.resume(returning: result)
    }
}
