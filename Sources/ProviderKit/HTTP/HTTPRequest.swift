public import Foundation

/// An outgoing HTTP request.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// The largest response body this request accepts; a larger one fails the call as PERMANENT.
    public var maxResponseBytes: Int

    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: Data? = nil, maxResponseBytes: Int = HTTPClient.defaultMaxResponseBytes
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.maxResponseBytes = maxResponseBytes
    }
}
