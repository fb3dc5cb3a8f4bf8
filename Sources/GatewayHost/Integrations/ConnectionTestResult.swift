import Hummingbird

/// What `POST /api/integrations/{type}/test` answers: the outcome of the provider's connection test. A failed test is
/// still a 200: the request worked, the connection did not (`error_code` says how).
struct ConnectionTestResult: ResponseEncodable, Sendable {
    let success: Bool
    let message: String
    let latency_ms: Int
    let error_code: String?
}
