import CPostgres
import ProviderKit

/// A libpq connection string or URI taken apart offline (`PQconninfoParse`), checked for a destination the gateway can
/// police: exactly one network host, never a Unix socket. At connect time the host is resolved and pinned to an address
/// the host's network policy allows (`hostaddr`), so libpq connects there and nowhere else; `host` stays for TLS.
struct ConnectionOptions {
    private(set) var values: [String: String]

    /// Parses and checks the string; INVALID naming `connection_string` otherwise.
    init(_ text: String) throws(ProviderError) {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &error) else {
            if let error { PQfreemem(error) }
            throw .invalid("connection_string is not a valid libpq connection string", field: "connection_string")
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        self.values = values
        guard let target = values["hostaddr"] ?? values["host"], !target.isEmpty else {
            throw .invalid("connection_string must name the database's host", field: "connection_string")
        }
        guard !target.contains(","), !(values["port"] ?? "").contains(",") else {
            throw .invalid("connection_string must name one host", field: "connection_string")
        }
        guard !(values["host"] ?? "").hasPrefix("/"), !(values["host"] ?? "").hasPrefix("@") else {
            throw .invalid("connection_string must name a network host, not a Unix socket", field: "connection_string")
        }
    }

    /// The options with the host pinned to an allowed address, and the call's limits.
    func pinned(context: CallContext) throws(ProviderError) -> [String: String] {
        var pinned = values
        let target = values["hostaddr"] ?? values["host"] ?? ""
        pinned["hostaddr"] = try Destination.allowedAddress(host: target, port: Int(values["port"] ?? "") ?? 5432, context: context)
        pinned["connect_timeout"] = String(max(2, (min(context.remainingMs, 600_000) + 999) / 1000))  // libpq counts whole seconds
        pinned["tcp_user_timeout"] = String(max(1_000, min(context.remainingMs, 600_000)))  // unacknowledged data: a partition
        pinned["keepalives"] = "1"
        pinned["application_name"] = "gateway"
        return pinned
    }
}
