public import Foundation
import ProviderABI

/// What a plugin call answered: its status, output JSON and retry hint.
public struct PluginCallResult: Sendable {
    public let status: PluginStatus
    /// The status code exactly as the plugin returned it (may lie outside the ABI).
    public let rawStatus: Int32
    public let output: Data
    public let retryAfterMs: UInt32
    /// False when the plugin handed back a buffer it did not get from the host's allocator (it was leaked, not freed).
    public let outputFromHostAllocator: Bool
    /// How long the call took, measured on the call thread (for a host-made answer: until the host gave up).
    public let elapsedMs: UInt64
    /// True when the host answered because the plugin could not (it overran its deadline).
    public let answeredByHost: Bool

    /// The `message` of an error output, when there is one.
    public var errorMessage: String? { errorField("message") }
    /// The `field` an `INVALID` error names.
    public var errorFieldName: String? { errorField("field") }

    /// Takes ownership of what the plugin wrote into `result`.
    init(taking result: gw_result, returned: gw_status, elapsedMs: UInt64) {
        self.elapsedMs = elapsedMs
        answeredByHost = false
        rawStatus = returned
        status = PluginStatus(code: returned)
        retryAfterMs = result.retry_after_ms
        if let pointer = result.output {
            output = Data(bytes: pointer, count: result.output_len)
            outputFromHostAllocator = HostAllocator.release(UnsafeMutableRawPointer(pointer))
        } else {
            output = Data()
            outputFromHostAllocator = true
        }
    }

    /// An answer the host makes up when the plugin could not give one (it overran its deadline).
    init(hostError status: PluginStatus, message: String, elapsedMs: UInt64 = 0) {
        self.elapsedMs = elapsedMs
        answeredByHost = true
        self.status = status
        rawStatus = status.rawValue
        output = (try? JSONEncoder().encode(["code": status.name, "message": message])) ?? Data()
        retryAfterMs = 0
        outputFromHostAllocator = true
    }

    private func errorField(_ key: String) -> String? {
        guard status != .ok, let object = try? JSONDecoder().decode([String: JSONValue].self, from: output),
            case .string(let value) = object[key]
        else { return nil }
        return value
    }
}
