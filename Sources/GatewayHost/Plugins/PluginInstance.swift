public import Foundation
import ProviderABI

/// One configured instance of a plugin (one account). Calls run on the plugin call threads; when the manifest does
/// not declare the plugin thread-safe, calls on one instance are serialised.
public final class PluginInstance: @unchecked Sendable {
    public let plugin: LoadedPlugin
    private let handle: OpaquePointer
    /// Held around each call when the plugin is not thread-safe.
    private let serial: NSLock?

    init(plugin: LoadedPlugin, handle: OpaquePointer) {
        self.plugin = plugin
        self.handle = handle
        serial = plugin.manifest.threadSafe ? nil : NSLock()
    }

    /// Every call closure holds the instance, so this runs only once no call is in progress.
    deinit {
        let destroy = plugin.vtable.destroy
        let handle = UncheckedHandle(pointer: handle)
        PluginCallThreads.shared.submit { destroy?(handle.pointer) }
    }

    /// Runs `op` with its input JSON; the plugin must answer within `timeoutMs`.
    public func invoke(_ op: String, input: Data, timeoutMs: UInt64) async throws(PluginCallError) -> PluginCallResult {
        try await plugin.perform(timeoutMs: timeoutMs) { [self] call, result in
            serialised { invokeNow(op, input: input, call: call, result: result) }
        }
    }

    /// Hands one webhook delivery to the plugin.
    public func webhook(method: String, path: String, headers: [String: String], body: Data, timeoutMs: UInt64) async throws(PluginCallError)
        -> PluginCallResult
    {
        guard plugin.vtable.webhook != nil else {
            throw PluginCallError(code: .unsupported, message: "provider '\(plugin.manifest.id)' takes no webhooks")
        }
        let headersJSON = (try? JSONEncoder().encode(headers)) ?? Data("{}".utf8)
        return try await plugin.perform(timeoutMs: timeoutMs) { [self] call, result in
            serialised { webhookNow(method: method, path: path, headersJSON: headersJSON, body: body, call: call, result: result) }
        }
    }

    /// One invoke on the current thread, skipping the call threads and watchdog: what the ABI benchmark measures.
    package func invokeBlocking(_ op: String, input: Data, deadlineMs: UInt64, cancelFlag: CancelFlag) -> PluginCallResult {
        LoadedPlugin.blockingCall(deadlineMs: deadlineMs, cancelFlag: cancelFlag) { call, result in invokeNow(op, input: input, call: call, result: result) }
    }

    /// The bare ABI invoke on the current thread.
    private func invokeNow(_ op: String, input: Data, call: UnsafePointer<gw_call>, result: UnsafeMutablePointer<gw_result>) -> gw_status {
        var op = op
        return op.withUTF8 { opBytes in
            input.withUnsafeBytes { inputBytes in
                plugin.vtable.invoke(
                    handle, call, UnsafeRawPointer(opBytes.baseAddress)?.assumingMemoryBound(to: CChar.self), opBytes.count,
                    inputBytes.baseAddress?.assumingMemoryBound(to: CChar.self), inputBytes.count, result
                )
            }
        }
    }

    private func webhookNow(
        method: String, path: String, headersJSON: Data, body: Data, call: UnsafePointer<gw_call>, result: UnsafeMutablePointer<gw_result>
    ) -> gw_status {
        var method = method
        var path = path
        return method.withUTF8 { methodBytes in
            path.withUTF8 { pathBytes in
                headersJSON.withUnsafeBytes { headerBytes in
                    body.withUnsafeBytes { bodyBytes in
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
                        return plugin.vtable.webhook(handle, call, &request, result)
                    }
                }
            }
        }
    }

    private func serialised(_ body: () -> gw_status) -> gw_status {
        guard let serial else { return body() }
        return serial.withLock(body)
    }
}

/// An instance pointer handed to the call thread that destroys it.
private struct UncheckedHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
