/// Spaces one integration's sends to at most `perMinute` (e.g. what one WhatsApp number can send without being
/// flagged), evenly, with no bursts.
package protocol SendPacer: Sendable {
    /// Takes the next send slot for `key` now, or says how long until one is free (taking nothing).
    func reserve(key: String, perMinute: Int) async throws -> Duration?
}
