public import ProviderKit

/// A test provider in Swift whose `test` op traps the way a real bug does (`Int64` of an infinite `Double`, as a
/// provider's `X-RateLimit-Reset: inf` once did): the runtime kills the process. `quick` answers at once.
final class TrapProvider: Provider {
    static let manifest = ProviderManifest(
        id: "swift_trap", name: "Swift trap (test fixture)", version: "0.0.1", kind: "test", ops: ["test", "quick"],
        config: [ConfigField("token", .string, required: true, secret: true, description: "unused", example: .string("x"))],
        webhook: false, threadSafe: true
    )

    init(config: ProviderConfig) throws(ProviderError) {}

    func invoke(_ call: ProviderCall) throws -> any Encodable {
        guard call.op == "test" else { return ["ok": true] }
        let reset = Double("inf") ?? 0  // what a hostile server put in a header
        return ["wait_ms": Int64(reset * 1000)]
    }
}

@_cdecl("gw_provider_entry_v1")
public func entry(_ host: HostAPIPointer?) -> VTablePointer? { export(TrapProvider.self, host) }
