import Foundation
import Glibc

/// One of the Python servers in Tests/Fixtures, run with Debian's python3 (which has python3-aiosmtpd). It prints a
/// line when it is ready and after each command it takes; `nextLine` waits for one. Killed when released.
/// Sendable by hand: every property is a constant.
final class PythonFixture: @unchecked Sendable {
    private let process = Process()
    private let output: FileHandle

    /// Starts `Tests/Fixtures/<script>` and waits until it says it is ready.
    init(_ script: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [TestPaths.repository.appendingPathComponent("Tests/Fixtures/\(script)").path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        output = pipe.fileHandleForReading
        try process.run()
        nextLine()
    }

    /// Sends `signal` and waits for the fixture to say it took effect.
    func command(_ signal: Int32) {
        kill(process.processIdentifier, signal)
        nextLine()
    }

    private func nextLine() { _ = output.availableData }

    /// SIGKILL: the child inherits the test thread's signal mask, in which SIGTERM may be blocked.
    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
