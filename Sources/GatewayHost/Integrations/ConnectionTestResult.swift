/// What `POST /api/integrations/{type}/test` answers: the outcome of the provider's connection test, in the seed's
/// words (`"Connection successful"`, the provider's own in `detail`). A failed test is still a 200: the request
/// worked, the connection did not (`error_code` says how).
struct ConnectionTestResult: Encodable, Sendable {
    static let successful = "Connection successful"

    let success: Bool
    let message: String
    let latency_ms: Int
    let error_code: String?
    var detail: String?
    /// A database's allowed tables that exist.
    var tables_found: [String]?
}
