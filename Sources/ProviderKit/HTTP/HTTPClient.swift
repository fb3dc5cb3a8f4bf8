import CCurl
import Foundation

/// A blocking HTTP client over libcurl for provider calls: each request is bounded by the call's deadline and aborted
/// when the host cancels the call. Network failures throw `RETRYABLE` (marked `maybeDelivered` once the request went
/// out), an overrun throws `TIMEOUT`, a response body over the request's limit (4 MiB by default) throws `PERMANENT`;
/// HTTP statuses are returned as they are, since what a 4xx means is each provider's business. Connections are kept
/// open between requests (keep one client per provider instance).
public struct HTTPClient: Sendable {
    /// The response body a request accepts unless it says otherwise.
    public static let defaultMaxResponseBytes = 4 << 20

    private let handles = CurlHandlePool()

    public init() {}

    public func send(_ request: HTTPRequest, context: CallContext) throws(ProviderError) -> HTTPResponse {
        let transfer = try CurlTransfer(reusing: handles)
        transfer.maxResponseBytes = request.maxResponseBytes
        transfer.set(CURLOPT_URL, request.url)
        transfer.set(CURLOPT_PROTOCOLS_STR, "http,https")
        transfer.set(CURLOPT_CUSTOMREQUEST, request.method)
        if request.method == "HEAD" { transfer.set(CURLOPT_NOBODY, 1) }
        // An empty Expect header: no 100-continue round trip before the body.
        transfer.set(CURLOPT_HTTPHEADER, list: request.headers.map { "\($0.name): \($0.value)" } + ["Expect:"])
        if let body = request.body {
            transfer.set(CURLOPT_POSTFIELDSIZE, body.count)
            transfer.upload = body
            transfer.set(CURLOPT_POST, 1)  // the body comes from the read callback; CUSTOMREQUEST keeps the method
        }
        try transfer.perform(context: context)
        return HTTPResponse(status: transfer.responseCode, headerLines: transfer.responseHeaderLines, body: transfer.responseBody)
    }
}
