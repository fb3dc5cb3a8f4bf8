import Foundation
import GatewayHost

/// A real SMTP server (aiosmtpd, Tests/Fixtures/smtp_sink.py) on a free loopback port, recording what it accepts as
/// Python's MIME parser reads it. Stopped when released.
final class SMTPSink: Sendable {
    enum Security {
        case none
        case startTLS
        case implicitTLS
    }

    struct Received: Decodable {
        let mail_from: String
        let rcpt_tos: [String]
        let tls: Bool
        let headers: [String: String]
        let content_type: String
        let text: String?
        let html: String?
    }

    let port: Int
    /// Held for its lifetime: the server stops when the sink is released.
    private let server: PythonFixture
    private let output: URL

    /// `slow`: for that long after start, each message is recorded at once but answered only `answer` later.
    init(security: Security = .none, login: (user: String, password: String)? = nil, port: Int? = nil, slow: (for: Duration, answer: Duration)? = nil) throws {
        let directory = try TestPaths.scratchDirectory()
        output = directory.appendingPathComponent("messages.jsonl")
        self.port = try port ?? FreePort.next()
        var arguments = ["\(self.port)", output.path]
        switch security {
        case .none: break
        case .startTLS: arguments += ["--starttls"] + (try TestCertificate.files())
        case .implicitTLS: arguments += ["--implicit-tls"] + (try TestCertificate.files())
        }
        if let login { arguments += ["--auth", "\(login.user):\(login.password)"] }
        if let slow { arguments += ["--slow-for-ms", "\(slow.for.milliseconds)", "--slow-answer-ms", "\(slow.answer.milliseconds)"] }
        server = try PythonFixture("smtp_sink.py", arguments)
    }

    func messages() throws -> [Received] {
        guard let data = try? Data(contentsOf: output) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(Received.self, from: Data($0)) }
    }
}

/// A self-signed certificate for 127.0.0.1, made once per test run with openssl.
enum TestCertificate {
    private static let made: Result<[String], any Error> = Result {
        let directory = try TestPaths.scratchDirectory()
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let openssl = try ChildProcess(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
            ])
        guard openssl.wait() == .succeeded else { throw CocoaError(.fileWriteUnknown) }
        return [certificate, key]
    }

    static func files() throws -> [String] { try made.get() }
}
