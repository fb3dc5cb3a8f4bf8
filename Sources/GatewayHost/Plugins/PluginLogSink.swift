import Logging
import ProviderABI
import Synchronization

/// Where one plugin's log lines go: the host logger, tagged with the plugin. It is the `context` of that plugin's
/// host table, so lines from different plugins never mix.
final class PluginLogSink: Sendable {
    private let logger: Mutex<Logger>

    init(logger: Logger, path: String) {
        var logger = logger
        logger[metadataKey: "plugin.path"] = .string(path)
        self.logger = Mutex(logger)
    }

    func name(_ id: String) {
        logger.withLock { $0[metadataKey: "plugin.id"] = .string(id) }
    }

    static let log: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int) -> Void = { context, level, message, length in
        guard let context, let message else { return }
        let sink = Unmanaged<PluginLogSink>.fromOpaque(context).takeUnretainedValue()
        let text = String(decoding: UnsafeRawBufferPointer(start: message, count: max(0, length)), as: UTF8.self)
        let logger = sink.logger.withLock { $0 }
        logger.log(level: PluginLogSink.level(level), "\(text)")
    }

    private static func level(_ level: Int32) -> Logger.Level {
        switch level {
        case GW_LOG_DEBUG: .debug
        case GW_LOG_INFO: .info
        case GW_LOG_WARNING: .warning
        default: .error
        }
    }
}
