import Foundation
public import Hummingbird

/// The one error type of the HTTP edge. It renders the envelope
/// `{"success": false, "error", "error_code", "details", "timestamp"}`; `message` and `details` are for the caller
/// and never hold a secret.
public struct GatewayError: Error, HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: ErrorCode
    public let message: String
    public let details: [String: JSONValue]
    /// With 429 and 503: when to try again (`Retry-After`, whole seconds rounded up).
    public var retryAfter: Duration?
    /// More headers the answer carries (a 429's `RateLimit`).
    public var extraHeaders: HTTPFields

    public init(
        _ status: HTTPResponse.Status, _ code: ErrorCode, _ message: String, details: [String: JSONValue] = [:], retryAfter: Duration? = nil,
        headers extraHeaders: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.retryAfter = retryAfter
        self.extraHeaders = extraHeaders
    }

    public var headers: HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfter { headers[.retryAfter] = String(max(1, retryAfter.secondsRoundedUp)) }
        headers.append(contentsOf: extraHeaders)
        return headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(envelope)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The envelope as a JSON value (what an MCP tool's error result carries).
    package var body: JSONValue {
        // Encoding an envelope cannot fail: it holds only strings and JSON values.
        (try? JSONValue(encoding: envelope)) ?? .null
    }

    private var envelope: Envelope {
        Envelope(error: message, errorCode: code, details: details, timestamp: Date().formatted(.iso8601))
    }

    /// The envelope's JSON shape.
    struct Envelope: Codable {
        var success = false
        let error: String
        let errorCode: ErrorCode
        let details: [String: JSONValue]
        let timestamp: String

        enum CodingKeys: String, CodingKey {
            case success, error, details, timestamp
            case errorCode = "error_code"
        }
    }
}
