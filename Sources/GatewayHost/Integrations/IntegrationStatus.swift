/// An integration's `status`: `configured` until its connection is tested, then `connected` or `error` (with
/// `last_error`).
enum IntegrationStatus {
    static let configured = "configured"
    static let connected = "connected"
    static let error = "error"
}
