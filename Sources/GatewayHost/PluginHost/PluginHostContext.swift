import Logging
import ProviderABI
import Synchronization

/// What a plugin's `gw_host_api.context` points at: where its log lines go and the network policy it connects under.
/// One per loaded plugin and never freed, like the table itself (the plugin may keep the pointer forever).
final class PluginHostContext: Sendable {
    /// Where a line goes: the host's logger in-process, a frame to the host from a provider process.
    let write: @Sendable (_ level: Logger.Level, _ text: String) -> Void
    let policy: NetworkPolicy

    init(policy: NetworkPolicy, write: @escaping @Sendable (_ level: Logger.Level, _ text: String) -> Void) {
        self.policy = policy
        self.write = write
    }

    static let log: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int) -> Void = { context, level, message, length in
        guard let context, let message else { return }
        let host = Unmanaged<PluginHostContext>.fromOpaque(context).takeUnretainedValue()
        host.write(PluginHostContext.level(level), String(decoding: UnsafeRawBufferPointer(start: message, count: max(0, length)), as: UTF8.self))
    }

    static let destinationAllowed: @convention(c) (UnsafeMutableRawPointer?, UnsafeRawPointer?, Int) -> Int32 = { context, address, length in
        guard let context, let address else { return 0 }
        let host = Unmanaged<PluginHostContext>.fromOpaque(context).takeUnretainedValue()
        return host.policy.allows(socketAddress: address, length: length) ? 1 : 0
    }

    /// A `GW_LOG_*` level as the host's.
    static func level(_ level: Int32) -> Logger.Level {
        switch level {
        case GW_LOG_DEBUG: .debug
        case GW_LOG_INFO: .info
        case GW_LOG_WARNING: .warning
        default: .error
        }
    }
}

/// The logger a plugin's lines go to in the host, tagged with its file and, once its manifest is read, its id.
final class PluginLogger: Sendable {
    private let logger: Mutex<Logger>

    init(_ logger: Logger, path: String) {
        var logger = logger
        logger[metadataKey: "plugin.path"] = .string(path)
        self.logger = Mutex(logger)
    }

    func name(_ id: String) {
        logger.withLock { $0[metadataKey: "plugin.id"] = .string(id) }
    }

    func log(_ level: Logger.Level, _ text: String) {
        let logger = logger.withLock { $0 }
        logger.log(level: level, "\(text)")
    }
}
