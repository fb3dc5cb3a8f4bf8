/// An integration's `status`: `configured` until its connection is tested, then `connected` or `error` (with
/// `last_error`); a provider's `connection` webhook sets `connected` or `disconnected`.
enum IntegrationStatus {
    static let configured = "configured"
    static let connected = "connected"
    static let disconnected = "disconnected"
    static let error = "error"

    static let all = [configured, connected, disconnected, error]
}
