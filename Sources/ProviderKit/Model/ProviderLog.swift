import ProviderABI

/// Log levels of the host's log function.
public enum ProviderLogLevel: Int32, Sendable {
    case debug = 0, info, warning, error
}

enum ProviderLog {
    static func write(host: UnsafePointer<gw_host_api>, level: ProviderLogLevel, _ message: String) {
        guard let log = host.pointee.log else { return }
        var message = message
        message.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { log(host.pointee.context, level.rawValue, $0.baseAddress, $0.count) }
        }
    }
}
