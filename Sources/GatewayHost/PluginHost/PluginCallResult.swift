public import Foundation
import ProviderABI

/// What a plugin call answered: its status, output JSON and retry hint.
public struct PluginCallResult: Sendable {
    public let status: ProviderStatus
    /// The status code exactly as the plugin returned it (may lie outside the ABI).
    public let rawStatus: Int32
    public let output: Data
    public let retryAfterMs: UInt32
    /// False when the plugin handed back a buffer it did not get from the host's allocator (it was leaked, not freed).
    public let outputFromHostAllocator: Bool
    /// How long the call took, measured where it ran (for a host-made answer: until the host gave up).
    public let elapsedMs: UInt64
    /// True when the host answered because the plugin could not (it overran its deadline, or its process died).
    public let answeredByHost: Bool
    /// True when the call failed but may still have taken effect: a TIMEOUT, a RETRYABLE failure the plugin marks
    /// `maybe_delivered` (the request was written before the connection broke), an output the host could not take,
    /// or a provider process that died mid-call. A send that ends so is in doubt.
    public private(set) var inDoubt: Bool

    /// The `message` of an error output, when there is one.
    public var errorMessage: String? { errorField("message")?.stringValue }
    /// The `field` an `INVALID` error names.
    public var errorFieldName: String? { errorField("field")?.stringValue }

    /// Takes ownership of what the plugin wrote into `result` in this address space. An output over `maxOutputBytes`
    /// is not copied: the call answers INTERNAL "output too large", in doubt (whatever the plugin did, it did).
    init(taking result: gw_result, returned: gw_status, elapsedMs: UInt64, maxOutputBytes: Int) {
        var output = Data()
        var fromHostAllocator = true
        var status = returned
        if let pointer = result.output {
            if result.output_len <= maxOutputBytes {
                output = Data(bytes: pointer, count: result.output_len)
            } else {
                status = ProviderStatus.internal.rawValue
                output = Self.errorJSON(.internal, "output too large: \(result.output_len) bytes, the limit is \(maxOutputBytes)")
            }
            fromHostAllocator = HostAllocator.release(UnsafeMutableRawPointer(pointer))
        }
        self.init(raw: status, retryAfterMs: result.retry_after_ms, output: output, outputFromHostAllocator: fromHostAllocator, elapsedMs: elapsedMs)
        if result.output_len > maxOutputBytes { inDoubt = true }
    }

    /// An answer as a provider process reports it (`inDoubt` as it judged it), or as the plugin gave it.
    init(raw: Int32, retryAfterMs: UInt32, output: Data, outputFromHostAllocator: Bool, elapsedMs: UInt64, inDoubt: Bool? = nil) {
        self.elapsedMs = elapsedMs
        answeredByHost = false
        rawStatus = raw
        status = ProviderStatus(code: raw)
        self.retryAfterMs = retryAfterMs
        self.output = output
        self.outputFromHostAllocator = outputFromHostAllocator
        self.inDoubt = inDoubt ?? Self.mayHaveTakenEffect(status, output: output)
    }

    /// An answer the host makes up when the plugin could not give one; `inDoubt` when the request had reached it.
    init(hostError status: ProviderStatus, message: String, elapsedMs: UInt64 = 0, inDoubt: Bool = false) {
        self.elapsedMs = elapsedMs
        answeredByHost = true
        self.status = status
        rawStatus = status.rawValue
        output = Self.errorJSON(status, message)
        retryAfterMs = 0
        outputFromHostAllocator = true
        self.inDoubt = inDoubt
    }

    static func errorJSON(_ status: ProviderStatus, _ message: String) -> Data {
        (try? JSONEncoder().encode(["code": status.name, "message": message])) ?? Data()
    }

    private static func mayHaveTakenEffect(_ status: ProviderStatus, output: Data) -> Bool {
        switch status {
        case .timeout: true
        case .retryable: (try? JSONDecoder().decode([String: JSONValue].self, from: output))?["maybe_delivered"] == .bool(true)
        default: false
        }
    }

    private func errorField(_ key: String) -> JSONValue? {
        guard status != .ok, let object = try? JSONDecoder().decode([String: JSONValue].self, from: output) else { return nil }
        return object[key]
    }
}
