import CGatewaySupport
import Foundation
import Glibc
import Logging
import Synchronization

/// A started `gateway provider-host` process: its pid and the host's end of its socket. What it writes to stderr (a
/// crash report, a stray print) goes to the log. Killing and reaping go through here, so a pid is never signalled after
/// it was reaped (and possibly reused).
final class ProviderProcess: Sendable {
    let pid: pid_t
    let socket: Int32
    private let reaped = Mutex(false)

    /// The host's environment, without Swift's crash backtracer: a backtrace takes a second or more to symbolicate
    /// (delaying the restart) and prints stack memory, which may hold a tenant's secrets, into the log.
    private static var environment: [String] {
        ProcessInfo.processInfo.environment.filter { $0.key != "SWIFT_BACKTRACE" }.map { "\($0.key)=\($0.value)" } + ["SWIFT_BACKTRACE=enable=no"]
    }

    /// Lines of a process's stderr relayed to the log, at most (a plugin printing in a loop must not flood it).
    static let maxRelayedLines = 200

    private init(pid: pid_t, socket: Int32, errorOutput: Int32, logger: PluginLogger) {
        self.pid = pid
        self.socket = socket
        let relay = Thread { Self.relay(errorOutput, to: logger) }
        relay.name = "provider-stderr"
        relay.start()
    }

    /// How long a process that closed its socket may take to exit by itself before it is killed.
    static let exitGraceMs: UInt64 = 1_000

    /// Spawns `executable provider-host ...` for `options`; its fd 3 is the socket, its stderr a pipe to us.
    static func spawn(executable: String, options: ProviderHostServer.Options, logger: PluginLogger) throws(ProviderStartError) -> ProviderProcess {
        var pair: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw ProviderStartError("cannot create a socket for it: \(String(cString: strerror(errno)))")
        }
        guard cgw_pipe_cloexec(&errorPipe) == 0 else {
            close(pair[0])
            close(pair[1])
            throw ProviderStartError("cannot create a pipe for it: \(String(cString: strerror(errno)))")
        }
        var argv = ([executable] + options.arguments).map { strdup($0) } + [nil]
        var environment = Self.environment.map { strdup($0) } + [nil]
        defer { (argv + environment).forEach { free($0) } }
        var pid: pid_t = 0
        let failed = cgw_spawn(executable, &argv, &environment, nil, [-1, -1, errorPipe[1]], pair[1], &pid)
        close(pair[1])
        close(errorPipe[1])
        guard failed == 0 else {
            close(pair[0])
            close(errorPipe[0])
            throw ProviderStartError("cannot run \(executable): \(String(cString: strerror(failed)))")
        }
        return ProviderProcess(pid: pid, socket: pair[0], errorOutput: errorPipe[0], logger: logger)
    }

    /// Sends SIGKILL, unless the process was already reaped.
    func kill() {
        reaped.withLock { reaped in
            if !reaped { _ = Glibc.kill(pid, SIGKILL) }
        }
    }

    /// Waits for the process to end (killing it if it lingers after closing its socket) and says how it ended:
    /// "signal 11", "exit 3".
    func reap() -> String {
        var status: Int32 = 0
        var result = waitpid(pid, &status, WNOHANG)
        let deadline = HostClock.nowMs() + Self.exitGraceMs
        while result == 0 || (result < 0 && errno == EINTR), HostClock.nowMs() < deadline {
            usleep(5_000)
            result = waitpid(pid, &status, WNOHANG)
        }
        if result == 0 {
            kill()
            repeat { result = waitpid(pid, &status, 0) } while result < 0 && errno == EINTR
        }
        reaped.withLock { $0 = true }
        guard result == pid else { return "ended" }
        let signal = status & 0x7f
        return signal != 0 ? "signal \(signal)" : "exit \((status >> 8) & 0xff)"
    }

    /// Reads reports until the first that is not a log line (handing those to `log`): the hello, or why the plugin
    /// would not load. nil when the process ended or `timeoutMs` ran out first.
    func firstReport(timeoutMs: UInt64, maxFrame: Int, log: (ProviderReport) -> Void) throws(ProviderFrame.Malformed) -> ProviderReport? {
        let deadline = HostClock.nowMs() &+ timeoutMs
        while let frame = try ProviderSocket.readOneFrame(socket, maxFrame: maxFrame, deadlineMs: deadline) {
            let report = try ProviderReport(frame: frame)
            guard case .log = report else { return report }
            log(report)
        }
        return nil
    }

    /// Gives up on a process that never said hello (or is not wanted): kills it, reaps it and closes its socket.
    func abandon() -> String {
        kill()
        let status = reap()
        close(socket)
        return status
    }

    /// Reads the process's stderr until it closes, logging it line by line.
    private static func relay(_ errorOutput: Int32, to logger: PluginLogger) {
        let handle = FileHandle(fileDescriptor: errorOutput, closeOnDealloc: true)
        var pending = Data()
        var relayed = 0
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending += chunk
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline].prefix(1_000), as: UTF8.self)
                pending = Data(pending[(newline + 1)...])
                relayed += 1
                if relayed <= maxRelayedLines { logger.log(.warning, "provider process stderr: \(line)") }
            }
            if pending.count > 4_096 { pending = Data() }
        }
    }
}

/// Why a provider process could not be started.
struct ProviderStartError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
