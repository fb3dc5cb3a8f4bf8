import Synchronization

/// Which integrations' stored credentials this process cannot open: found at start-up, then kept current as
/// integrations are used and configured. One unreadable record affects only itself; `/health` reports how many there
/// are, `gateway keys check` which and why.
package final class CredentialsHealth: Sendable {
    private let unreadable = Mutex<Set<String>>([])

    package init() {}

    package func record(_ integrationID: String, readable: Bool) {
        unreadable.withLock { ids in
            if readable { ids.remove(integrationID) } else { ids.insert(integrationID) }
        }
    }

    package var unreadableCount: Int { unreadable.withLock { $0.count } }
}

/// One integration whose stored credentials cannot be opened, and why (never the value).
package struct UnreadableCredentials: Sendable {
    package let integrationID: String
    package let clientID: String
    package let reason: String
}
