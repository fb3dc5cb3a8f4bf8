import CCurl
import Foundation
import Glibc
import ProviderABI

/// One libcurl easy transfer bounded by a call's deadline and cancel flag, and by the host's network policy: every
/// socket it opens is to an address (after name resolution) the host allows. Shared by the HTTP client and the SMTP
/// sender; each transfer owns its handle while it runs, so concurrent calls never share curl state. With a pool, the
/// handle comes from it and goes back to it (connections kept open).
final class CurlTransfer {
    let handle: UnsafeMutableRawPointer
    private let pool: CurlHandlePool?
    private var lists: [UnsafeMutablePointer<curl_slist>] = []
    private var cancelCheck: () -> Bool = { false }
    var responseBody = Data()
    var responseHeaderLines: [String] = []
    var upload = Data()
    private var uploadOffset = 0
    /// The most response body (and, separately, response headers) a transfer keeps; more fails it as PERMANENT, so a
    /// server that streams without end cannot grow the process without bound.
    var maxResponseBytes = HTTPClient.defaultMaxResponseBytes
    private var responseHeaderBytes = 0
    private var overflowed: String?
    /// Whether a failure after the upload started (an SMTP message's DATA) is what may have delivered it, rather than
    /// any request bytes written (HTTP).
    var deliveryStartsWithUpload = false
    private var destinationAllowed: (UnsafeRawPointer, Int) -> Bool = { _, _ in true }
    private var destinationRefused = false
    /// With `recordsEnvelopeDialogue`, the last envelope command (MAIL FROM, RCPT TO, DATA) and the server's reply to
    /// it, so a refusal can name the address. AUTH lines are never kept: they carry credentials.
    var recordsEnvelopeDialogue = false
    private(set) var lastEnvelopeCommand: String?
    private(set) var lastReply: String?

    init(reusing pool: CurlHandlePool? = nil) throws(ProviderError) {
        guard let handle = pool?.take() ?? curl_easy_init() else { throw ProviderError(.internal, "curl_easy_init failed") }
        self.handle = handle
        self.pool = pool
    }

    deinit {
        if let pool { pool.give(handle) } else { curl_easy_cleanup(handle) }
        lists.forEach { curl_slist_free_all($0) }
    }

    func set(_ option: CURLoption, _ value: Int) { ccurl_set_long(handle, option, value) }
    func set(_ option: CURLoption, _ value: String) { ccurl_set_string(handle, option, value) }

    /// Sets a string-list option (headers, recipients); the list lives as long as the transfer.
    func set(_ option: CURLoption, list values: [String]) {
        var list: UnsafeMutablePointer<curl_slist>?
        for value in values { list = curl_slist_append(list, value) }
        guard let list else { return }
        lists.append(list)
        ccurl_set_slist(handle, option, list)
    }

    /// Runs the transfer: its timeout is what is left of the call, and the call's cancel flag aborts it.
    func perform(context: CallContext) throws(ProviderError) {
        try context.checkDeadline()
        cancelCheck = { context.isCancelled }
        destinationAllowed = { address, length in context.allows(address, length: length) }
        let this = Unmanaged.passUnretained(self).toOpaque()
        ccurl_set_opensocket_fn(handle, Self.openSocket)
        ccurl_set_pointer(handle, CURLOPT_OPENSOCKETDATA, this)
        set(CURLOPT_PROXY, "")  // a proxy would connect onward where the policy cannot see
        set(CURLOPT_NOSIGNAL, 1)  // signals and threads do not mix: resolver timeouts without SIGALRM
        set(CURLOPT_TIMEOUT_MS, Int(context.remainingMs))
        set(CURLOPT_NOPROGRESS, 0)
        ccurl_set_progress_fn(handle, Self.progress)
        ccurl_set_pointer(handle, CURLOPT_XFERINFODATA, this)
        ccurl_set_data_fn(handle, CURLOPT_WRITEFUNCTION, Self.write)
        ccurl_set_pointer(handle, CURLOPT_WRITEDATA, this)
        ccurl_set_data_fn(handle, CURLOPT_HEADERFUNCTION, Self.header)
        ccurl_set_pointer(handle, CURLOPT_HEADERDATA, this)
        if recordsEnvelopeDialogue {
            set(CURLOPT_VERBOSE, 1)  // the dialogue goes to the debug function, not stderr
            ccurl_set_debug_fn(handle, Self.debug)
            ccurl_set_pointer(handle, CURLOPT_DEBUGDATA, this)
        }
        // Uploads come from `upload`, never curl's default of reading stdin.
        ccurl_set_data_fn(handle, CURLOPT_READFUNCTION, Self.read)
        ccurl_set_pointer(handle, CURLOPT_READDATA, this)
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            if let overflowed { throw ProviderError(.permanent, "the server's \(overflowed) exceeded \(maxResponseBytes) bytes") }
            if destinationRefused, code == CURLE_COULDNT_CONNECT { throw Destination.refused }
            var error = Self.error(for: code, responseCode: responseCode)
            error.maybeDelivered = error.status == .retryable && requestWasWritten
            throw error
        }
    }

    /// Whether any of the request reached the server: headers issued, or upload data read (an SMTP message's DATA).
    private var requestWasWritten: Bool {
        if deliveryStartsWithUpload { return uploadOffset > 0 }
        var issued = 0
        ccurl_get_long(handle, CURLINFO_REQUEST_SIZE, &issued)
        return issued > 0 || uploadOffset > 0
    }

    /// Opens each socket curl asks for, after asking the host whether its address is allowed.
    private static let openSocket: ccurl_opensocket_fn = { userdata, _, address in
        guard let userdata, let address else { return CURL_SOCKET_BAD }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        // `addr` is declared as a 16-byte sockaddr but holds the whole address (28 bytes for IPv6): read it in place.
        let socketAddress = UnsafeRawPointer(address) + MemoryLayout<curl_sockaddr>.offset(of: \.addr)!
        let allowed = transfer.destinationAllowed(socketAddress, Int(address.pointee.addrlen))
        guard allowed else {
            transfer.destinationRefused = true
            return CURL_SOCKET_BAD
        }
        return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
    }

    /// The last HTTP status or SMTP reply code.
    var responseCode: Int {
        var code = 0
        ccurl_get_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// Maps a libcurl failure to the ABI's retry semantics. The message never includes the URL (it may hold a secret).
    static func error(for code: CURLcode, responseCode: Int) -> ProviderError {
        let reason = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return ProviderError(.timeout, "deadline passed: \(reason)")
        case CURLE_ABORTED_BY_CALLBACK:
            return ProviderError(.timeout, "call cancelled by the host")
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return ProviderError(.invalid, reason, field: "url")
        case CURLE_LOGIN_DENIED:
            return ProviderError(.auth, "login denied (\(responseCode))")
        default:
            return ProviderError(.retryable, reason)
        }
    }

    private static let write: ccurl_data_fn = { pointer, size, count, userdata in
        guard let pointer, let userdata else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        guard transfer.responseBody.count + size * count <= transfer.maxResponseBytes else {
            transfer.overflowed = "response body"
            return 0  // curl aborts the transfer
        }
        transfer.responseBody.append(UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: size * count)
        return size * count
    }

    private static let header: ccurl_data_fn = { pointer, size, count, userdata in
        guard let pointer, let userdata else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        transfer.responseHeaderBytes += size * count
        guard transfer.responseHeaderBytes <= transfer.maxResponseBytes else {
            transfer.overflowed = "response headers"
            return 0
        }
        let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: size * count), as: UTF8.self)
        transfer.responseHeaderLines.append(line.trimmedHeaderWhitespace)
        return size * count
    }

    private static let read: ccurl_data_fn = { pointer, size, count, userdata in
        guard let pointer, let userdata else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        let chunk = min(size * count, transfer.upload.count - transfer.uploadOffset)
        transfer.upload.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(pointer).copyMemory(from: bytes.baseAddress! + transfer.uploadOffset, byteCount: chunk)
        }
        transfer.uploadOffset += chunk
        return chunk
    }

    private static let debug: ccurl_debug_fn = { _, type, data, size, userdata in
        guard let data, let userdata, type == CURLINFO_HEADER_OUT || type == CURLINFO_HEADER_IN else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if type == CURLINFO_HEADER_IN {
            // The answer to the command, not the QUIT after it; after DATA's "354 go ahead", the verdict on the message.
            if transfer.lastReply == nil || transfer.lastReply?.hasPrefix("354") == true { transfer.lastReply = line }
        } else if ["MAIL FROM:", "RCPT TO:", "DATA"].contains(where: { line.uppercased().hasPrefix($0) }) {
            transfer.lastEnvelopeCommand = line
            transfer.lastReply = nil
        }
        return 0
    }

    private static let progress: ccurl_progress_fn = { userdata, _, _, _, _ in
        guard let userdata else { return 0 }
        return Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue().cancelCheck() ? 1 : 0
    }
}
