public import Foundation

/// One configured instance of a plugin (one account) for one client. Calls go through the plugin's runtime within
/// the plugin's budget for that client.
public final class PluginInstance: Sendable {
    public let plugin: LoadedPlugin
    public let client: String
    let handle: any RuntimeInstance

    init(plugin: LoadedPlugin, client: String, handle: any RuntimeInstance) {
        self.plugin = plugin
        self.client = client
        self.handle = handle
    }

    /// Every call holds the instance, so this runs only once no call is in progress.
    deinit {
        plugin.runtime.destroy(handle)
    }

    /// Runs `op` with its input JSON; the plugin must answer within `timeoutMs`.
    public func invoke(_ op: String, input: Data, timeoutMs: UInt64) async throws(PluginCallError) -> PluginCallResult {
        try await plugin.withBudget(client: client, timeoutMs: timeoutMs) { [plugin, handle] (remaining) throws(PluginCallError) in
            try await plugin.runtime.invoke(handle, op: op, input: input, timeoutMs: remaining)
        }
    }

    /// Hands one webhook delivery to the plugin.
    public func webhook(method: String, path: String, headers: [String: String], body: Data, timeoutMs: UInt64) async throws(PluginCallError)
        -> PluginCallResult
    {
        guard plugin.manifest.webhook else {
            throw PluginCallError(code: .unsupported, message: "provider '\(plugin.manifest.id)' takes no webhooks")
        }
        let headersJSON = Data(JSONValue.object(headers.mapValues(JSONValue.string)).jsonText.utf8)
        let delivery = WebhookDelivery(method: method, path: path, headersJSON: headersJSON, body: body)
        return try await plugin.withBudget(client: client, timeoutMs: timeoutMs) { [plugin, handle] (remaining) throws(PluginCallError) in
            try await plugin.runtime.webhook(handle, delivery: delivery, timeoutMs: remaining)
        }
    }

    /// One invoke on the current thread, skipping call threads, watchdog and budget: what the ABI benchmark measures.
    /// Only for a plugin loaded in-process; nil otherwise.
    package func invokeHere(_ op: String, input: Data, deadlineMs: UInt64, cancelFlag: CancelFlag) -> PluginCallResult? {
        (plugin.runtime as? InProcessRuntime)?.invokeHere(handle, op: op, input: input, deadlineMs: deadlineMs, cancelFlag: cancelFlag)
    }
}
