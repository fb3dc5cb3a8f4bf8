import Foundation
import ProviderABI

/// A plugin library opened in this address space: its negotiated vtable and host table, and the ABI calls made on the
/// current thread. The in-process runtime calls it from the plugin call threads; a provider process from its own.
final class NativePlugin: @unchecked Sendable {
    let vtable: gw_provider_vtable
    let host: UnsafePointer<gw_host_api>

    init(vtable: gw_provider_vtable, host: UnsafePointer<gw_host_api>) {
        self.vtable = vtable
        self.host = host
    }

    /// The ABI version the plugin was built against, e.g. `1.1`.
    var abiVersion: (major: UInt16, minor: UInt16) { (vtable.abi_major, vtable.abi_minor) }
    var manifestJSON: Data { vtable.manifest_json.map { Data(bytes: $0, count: vtable.manifest_len) } ?? Data() }
    var webhookVectorsJSON: Data? { vtable.webhook_vectors_json.map { Data(bytes: $0, count: vtable.webhook_vectors_len) } }
    var takesWebhooks: Bool { vtable.webhook != nil }

    /// `create`: an instance (whose calls take turns unless the manifest says `thread_safe`), or the plugin's refusal.
    func create(config: Data, threadSafe: Bool, deadlineMs: UInt64, cancelFlag: CancelFlag, maxOutputBytes: Int) -> (PluginCallResult, NativeInstance?) {
        var handle: OpaquePointer?
        let result = Self.call(deadlineMs: deadlineMs, cancelFlag: cancelFlag, maxOutputBytes: maxOutputBytes) { _, result in
            config.withUnsafeBytes { bytes in vtable.create(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, &handle, result) }
        }
        guard result.status == .ok, let handle else { return (result, nil) }
        return (result, NativeInstance(handle: handle, threadSafe: threadSafe))
    }

    func invoke(_ instance: NativeInstance, op: String, input: Data, deadlineMs: UInt64, cancelFlag: CancelFlag, maxOutputBytes: Int) -> PluginCallResult {
        Self.call(deadlineMs: deadlineMs, cancelFlag: cancelFlag, maxOutputBytes: maxOutputBytes) { call, result in
            instance.serialised {
                var op = op
                return op.withUTF8 { opBytes in
                    input.withUnsafeBytes { inputBytes in
                        vtable.invoke(
                            instance.handle, call, UnsafeRawPointer(opBytes.baseAddress)?.assumingMemoryBound(to: CChar.self), opBytes.count,
                            inputBytes.baseAddress?.assumingMemoryBound(to: CChar.self), inputBytes.count, result
                        )
                    }
                }
            }
        }
    }

    /// `webhook`; the caller has checked that the plugin takes webhooks.
    func webhook(_ instance: NativeInstance, delivery: WebhookDelivery, deadlineMs: UInt64, cancelFlag: CancelFlag, maxOutputBytes: Int) -> PluginCallResult {
        Self.call(deadlineMs: deadlineMs, cancelFlag: cancelFlag, maxOutputBytes: maxOutputBytes) { call, result in
            instance.serialised {
                var method = delivery.method
                var path = delivery.path
                return method.withUTF8 { methodBytes in
                    path.withUTF8 { pathBytes in
                        delivery.headersJSON.withUnsafeBytes { headerBytes in
                            delivery.body.withUnsafeBytes { bodyBytes in
                                var request = gw_webhook_request()
                                request.struct_size = UInt32(MemoryLayout<gw_webhook_request>.size)
                                request.method = UnsafeRawPointer(methodBytes.baseAddress)?.assumingMemoryBound(to: CChar.self)
                                request.method_len = methodBytes.count
                                request.path = UnsafeRawPointer(pathBytes.baseAddress)?.assumingMemoryBound(to: CChar.self)
                                request.path_len = pathBytes.count
                                request.headers_json = headerBytes.baseAddress?.assumingMemoryBound(to: CChar.self)
                                request.headers_json_len = headerBytes.count
                                request.body = bodyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
                                request.body_len = bodyBytes.count
                                return vtable.webhook(instance.handle, call, &request, result)
                            }
                        }
                    }
                }
            }
        }
    }

    func destroy(_ instance: NativeInstance) {
        vtable.destroy(instance.handle)
    }

    /// Makes one ABI call on the current thread with a fresh `gw_call` and `gw_result`, and takes its output.
    static func call(
        deadlineMs: UInt64, cancelFlag: CancelFlag, maxOutputBytes: Int, _ body: (UnsafePointer<gw_call>, UnsafeMutablePointer<gw_result>) -> gw_status
    ) -> PluginCallResult {
        var call = gw_call()
        call.struct_size = UInt32(MemoryLayout<gw_call>.size)
        call.deadline_ms = deadlineMs
        call.cancel_flag = UnsafePointer(cancelFlag.pointer)
        var result = gw_result()
        result.struct_size = UInt32(MemoryLayout<gw_result>.size)
        let started = HostClock.nowMs()
        let status = withUnsafePointer(to: &call) { body($0, &result) }
        return PluginCallResult(taking: result, returned: status, elapsedMs: HostClock.nowMs() - started, maxOutputBytes: maxOutputBytes)
    }
}

/// One instance a plugin created in this address space. When its manifest does not declare it thread-safe, calls on
/// it take turns.
final class NativeInstance: @unchecked Sendable {
    let handle: OpaquePointer
    private let serial: NSLock?

    init(handle: OpaquePointer, threadSafe: Bool) {
        self.handle = handle
        serial = threadSafe ? nil : NSLock()
    }

    func serialised(_ body: () -> gw_status) -> gw_status {
        guard let serial else { return body() }
        return serial.withLock(body)
    }
}

/// One webhook delivery as the plugin's `webhook` call takes it.
struct WebhookDelivery: Sendable {
    let method: String
    let path: String
    /// Lower-case header names to values, as a JSON object.
    let headersJSON: Data
    let body: Data
}
