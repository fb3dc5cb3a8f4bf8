import Foundation
import Logging

/// Logging is bootstrapped here and only here: libraries take a `logger:`.
enum GatewayLogging {
    /// Log lines go to stderr, so command output on stdout stays clean. `LOG_LEVEL` sets the level.
    static func bootstrap(label: String) -> Logger {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: label)
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        return logger
    }
}
