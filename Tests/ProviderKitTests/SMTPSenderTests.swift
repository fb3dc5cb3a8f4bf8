import Dispatch
import Glibc
import Foundation
import ProviderABI
@testable import ProviderKit
import Testing

/// ProviderKit's SMTP sender against a real SMTP server (aiosmtpd) on loopback.
@Suite struct SMTPSenderTests {
    private let message = Data("From: agent@example.com\r\nTo: ana@example.com\r\nSubject: hi\r\n\r\nolá\r\n".utf8)

    @Test func deliversTheMessageToTheEnvelopeRecipients() throws {
        let sink = try SMTPSink()
        try withContext { context in
            try SMTPSender().send(message: message, from: "agent@example.com", to: ["ana@example.com", "bo@example.com"], via: sink.server, context: context)
        }
        let received = try sink.messages()
        #expect(received.count == 1)
        #expect(received.first?.mail_from == "agent@example.com")
        #expect(received.first?.rcpt_tos == ["ana@example.com", "bo@example.com"])
        #expect(received.first?.data.contains("olá") == true)
    }

    @Test func aRefusedRecipientIsPermanentAndADeferredOneRetryable() throws {
        let sink = try SMTPSink()
        try withContext { context in
            let refused = failure { () throws(ProviderError) in
                try SMTPSender().send(message: message, from: "a@example.com", to: ["refuse@example.com"], via: sink.server, context: context)
            }
            #expect(refused?.status == .permanent)
            #expect(refused?.message == "SMTP server refused: RCPT TO:<refuse@example.com> -> 550 5.1.1 no such user")
            let deferred = failure { () throws(ProviderError) in
                try SMTPSender().send(message: message, from: "a@example.com", to: ["later@example.com"], via: sink.server, context: context)
            }
            #expect(deferred?.status == .retryable)
        }
        #expect(try sink.messages().isEmpty)
    }

    @Test func verifyConnectsWithoutSendingAndAClosedPortIsRetryable() throws {
        let sink = try SMTPSink()
        try withContext { context in
            try SMTPSender().verify(sink.server, context: context)
            let closed = failure { () throws(ProviderError) in
                try SMTPSender().verify(SMTPServer(host: "127.0.0.1", port: 1, security: .none), context: context)
            }
            #expect(closed?.status == .retryable)
        }
        #expect(try sink.messages().isEmpty)
    }

    @Test func anExpiredDeadlineTimesOutBeforeConnecting() throws {
        let sink = try SMTPSink()
        try withContext(timeoutMs: 0) { context in
            let late = failure { () throws(ProviderError) in
                try SMTPSender().send(message: message, from: "a@example.com", to: ["ana@example.com"], via: sink.server, context: context)
            }
            #expect(late?.status == .timeout)
        }
    }
}

/// The error `body` throws, or nil when it succeeds.
private func failure(_ body: () throws(ProviderError) -> Void) -> ProviderError? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

/// Runs `body` with a CallContext over a minimal host table, as a plugin call would see it.
private func withContext(timeoutMs: UInt64 = 5_000, _ body: (CallContext) throws -> Void) throws {
    var host = gw_host_api()
    host.struct_size = UInt32(MemoryLayout<gw_host_api>.size)
    host.now_ms = { DispatchTime.now().uptimeNanoseconds / 1_000_000 }
    var flag: Int32 = 0
    var call = gw_call()
    call.struct_size = UInt32(MemoryLayout<gw_call>.size)
    call.deadline_ms = DispatchTime.now().uptimeNanoseconds / 1_000_000 + timeoutMs
    try withUnsafePointer(to: &flag) { flag in
        call.cancel_flag = flag
        try withUnsafePointer(to: &host) { host in
            try withUnsafePointer(to: &call) { call in try body(CallContext(host: host, call: call)) }
        }
    }
}

/// aiosmtpd on a free loopback port, recording what it accepts; stopped when released.
private final class SMTPSink {
    struct Received: Decodable {
        let mail_from: String
        let rcpt_tos: [String]
        let data: String
    }

    let server: SMTPServer
    private let process = Process()
    private let output: URL

    init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        output = directory.appendingPathComponent("messages.jsonl")
        let port = Int.random(in: 20_000..<60_000)
        server = SMTPServer(host: "127.0.0.1", port: port, security: .none)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/smtp_sink.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path, "\(port)", output.path]
        let ready = Pipe()
        process.standardOutput = ready
        try process.run()
        // The sink prints "ready" once it listens.
        _ = ready.fileHandleForReading.availableData
    }

    /// SIGKILL: the child inherits the test thread's signal mask, in which SIGTERM may be blocked.
    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func messages() throws -> [Received] {
        guard let data = try? Data(contentsOf: output) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(Received.self, from: Data($0)) }
    }
}
