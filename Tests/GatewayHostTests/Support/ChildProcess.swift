import CGatewaySupport
import Foundation
import Glibc
import Synchronization

/// A program the tests run (psql, cc, openssl, python, the `gateway` binary), started with `posix_spawn`.
/// Foundation's `Process.run()` on Linux reads each `/proc/self/fd` entry as a whole 256-byte name and crashes now and
/// then in a process with many descriptors open, as this suite is (swift-corelibs-foundation PR 5472, after 6.3.1).
/// The child gets no descriptor but its three streams, every signal at its default action, none blocked, and a process
/// group of its own (`cgw_spawn`, as provider processes are started).
final class ChildProcess: Sendable {
    /// Where one of the child's standard streams goes.
    enum Stream {
        case null
        /// A pipe whose other end is this object's `input`, `output` or `errors`.
        case pipe
        case file(FileHandle)
    }

    /// How the child ended.
    struct Termination: Equatable {
        /// The exit status, or the number of the signal that ended it.
        let status: Int32
        let bySignal: Bool

        /// Exited with status 0.
        static let succeeded = Termination(status: 0, bySignal: false)
    }

    let pid: pid_t
    /// The parent's ends of the piped streams (nil for a stream not piped).
    let input: FileHandle?
    let output: FileHandle?
    let errors: FileHandle?
    private let ended = Mutex<Termination?>(nil)

    init(
        _ executable: String, _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: String? = nil, input: Stream = .null, output: Stream = .null, errors: Stream = .null
    ) throws {
        var stdio: [Int32] = []
        var childEnds: [Int32] = []
        defer { childEnds.forEach { close($0) } }
        var parentEnds: [FileHandle?] = []
        for (index, stream) in [input, output, errors].enumerated() {
            switch stream {
            case .null:
                stdio.append(-1)
                parentEnds.append(nil)
            case .file(let handle):
                stdio.append(handle.fileDescriptor)
                parentEnds.append(nil)
            case .pipe:
                var ends: [Int32] = [-1, -1]
                let failed = cgw_pipe_cloexec(&ends)
                guard failed == 0 else { throw POSIXError(POSIXErrorCode(rawValue: failed) ?? .EIO) }
                let (childEnd, parentEnd) = index == 0 ? (ends[0], ends[1]) : (ends[1], ends[0])
                childEnds.append(childEnd)
                stdio.append(childEnd)
                parentEnds.append(FileHandle(fileDescriptor: parentEnd, closeOnDealloc: true))
            }
        }
        var argv = ([executable] + arguments).map { strdup($0) } + [nil]
        var envp = environment.map { strdup("\($0)=\($1)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let failed = cgw_spawn(executable, &argv, &envp, directory, stdio, -1, &pid)
        guard failed == 0 else { throw POSIXError(POSIXErrorCode(rawValue: failed) ?? .EIO) }
        self.pid = pid
        (self.input, self.output, self.errors) = (parentEnds[0], parentEnds[1], parentEnds[2])
    }

    /// Waits until the child has ended.
    @discardableResult
    func wait() -> Termination {
        if let ended = ended.withLock({ $0 }) { return ended }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return record(status)
    }

    /// Whether the child has not ended yet.
    var isRunning: Bool {
        if ended.withLock({ $0 }) != nil { return false }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return true }
        record(status)
        return false
    }

    /// Sends `signal` unless the child has been waited for: its pid may belong to another process by then.
    func signal(_ signal: Int32) {
        ended.withLock { ended in
            if ended == nil { kill(pid, signal) }
        }
    }

    @discardableResult
    private func record(_ status: Int32) -> Termination {
        let signal = status & 0x7F
        let termination = Termination(status: signal == 0 ? (status >> 8) & 0xFF : signal, bySignal: signal != 0)
        ended.withLock { $0 = termination }
        return termination
    }
}
