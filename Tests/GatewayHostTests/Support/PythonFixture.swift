import Foundation
import Glibc

/// One of the Python servers in Tests/Fixtures, run with Debian's python3 (which has python3-aiosmtpd). It prints a
/// line when it is ready and after each command it takes; `nextLine` waits for one. Killed when released.
final class PythonFixture: Sendable {
    private let process: ChildProcess

    /// Starts `Tests/Fixtures/<script>` and waits until it says it is ready.
    init(_ script: String, _ arguments: [String]) throws {
        process = try ChildProcess(
            "/usr/bin/python3", [TestPaths.repository.appendingPathComponent("Tests/Fixtures/\(script)").path] + arguments, output: .pipe,
            errors: .file(FileHandle.standardError))
        nextLine()
    }

    /// Sends `signal` and waits for the fixture to say it took effect.
    func command(_ signal: Int32) {
        process.signal(signal)
        nextLine()
    }

    private func nextLine() { _ = process.output?.availableData }

    deinit {
        process.signal(SIGKILL)
        process.wait()
    }
}
