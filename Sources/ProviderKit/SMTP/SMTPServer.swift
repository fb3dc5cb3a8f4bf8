/// Where and how to reach an SMTP server.
public struct SMTPServer: Sendable {
    public enum Security: Sendable {
        /// Plain SMTP (loopback relays only).
        case none
        /// STARTTLS, required: the session fails rather than continue in clear text.
        case startTLS
        /// TLS from the first byte (`smtps`, port 465).
        case implicitTLS
    }

    public var host: String
    public var port: Int
    public var username: String?
    public var password: String?
    public var security: Security
    public var verifyTLS: Bool

    public init(host: String, port: Int, username: String? = nil, password: String? = nil, security: Security, verifyTLS: Bool = true) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.security = security
        self.verifyTLS = verifyTLS
    }

    var url: String {
        "\(security == .implicitTLS ? "smtps" : "smtp")://\(host):\(port)"
    }
}
