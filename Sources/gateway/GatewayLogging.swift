import Foundation
import GatewayHost
import Logging

/// Logging is bootstrapped here and only here: libraries take a `logger:`.
enum GatewayLogging {
    /// Log lines go to stderr, so command output on stdout stays clean: JSON lines by default, `LOG_FORMAT=text` for
    /// people reading a terminal. `LOG_LEVEL` sets the level.
    static func bootstrap(label: String) -> Logger {
        let environment = ProcessInfo.processInfo.environment
        let level = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                environment["LOG_FORMAT"] == "text" ? StreamLogHandler.standardError(label: label) : JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}
