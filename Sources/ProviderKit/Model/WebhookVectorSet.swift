/// Webhook test vectors a provider ships for `gateway provider-test`: a config to create an instance with,
/// and deliveries with the outcome each must have.
public struct WebhookVectorSet: Sendable, Encodable {
    public var config: [String: JSONValue]
    public var vectors: [WebhookVector]

    public init(config: [String: JSONValue], vectors: [WebhookVector]) {
        self.config = config
        self.vectors = vectors
    }
}

public struct WebhookVector: Sendable, Encodable {
    public enum Expectation: String, Sendable, Encodable {
        /// Accepted, and parsed into `events` events.
        case ok
        /// Refused with `AUTH` (tampered or forged).
        case auth
    }

    public var name: String
    public var method: String
    public var path: String
    public var headers: [String: String]
    public var body: String
    public var expect: Expectation
    /// With `ok`: how many events the delivery must produce.
    public var events: Int

    public init(
        name: String, method: String = "POST", path: String = "/", headers: [String: String], body: String, expect: Expectation,
        events: Int = 0
    ) {
        self.name = name
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.expect = expect
        self.events = events
    }
}
