import Foundation
import Glibc
public import Logging

/// Writes each log event as one JSON object per line: `timestamp`, `level`, `label`, `message`, `source`, then the
/// metadata keys (`request.id`, `http.route`...). Lines are written whole, so concurrent events never interleave.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    /// `write` receives each line without its newline; the default appends it to standard error.
    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: JSONValue] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { object[key] = Self.json(value) }
        object["timestamp"] = .string(Date().formatted(.iso8601))
        object["level"] = .string(event.level.rawValue)
        object["label"] = .string(label)
        object["message"] = .string("\(event.message)")
        object["source"] = .string(event.source)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(object) else { return }
        write(String(decoding: data, as: UTF8.self))
    }

    private static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let string): .string(string)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let array): .array(array.map(json))
        case .dictionary(let dictionary): .object(dictionary.mapValues(json))
        }
    }

    /// One `write(2)` per line on standard error, so lines from several threads never interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        var line = line + "\n"
        line.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
    }
}
