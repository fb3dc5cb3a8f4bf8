import CCurl
import Foundation

/// Idle libcurl easy handles kept for the next request. A handle keeps its connections open, so the next request to
/// the same host skips the TCP and TLS handshakes (a new TLS session per message would cost more than the message).
final class CurlHandlePool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [UnsafeMutableRawPointer] = []
    /// More idle handles than calls ever run at once on one instance would only hold sockets open.
    private let limit: Int

    init(limit: Int = 64) {
        self.limit = limit
    }

    deinit {
        idle.forEach { curl_easy_cleanup($0) }
    }

    func take() -> UnsafeMutableRawPointer? {
        lock.withLock { idle.popLast() }
    }

    /// Keeps the handle (reset to defaults, its connections kept) or frees it when enough are idle.
    func give(_ handle: UnsafeMutableRawPointer) {
        curl_easy_reset(handle)
        let kept = lock.withLock { () -> Bool in
            guard idle.count < limit else { return false }
            idle.append(handle)
            return true
        }
        if !kept { curl_easy_cleanup(handle) }
    }
}
