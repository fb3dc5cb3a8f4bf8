import Foundation

/// Runs one of the Python clients in Tests/Fixtures with the test venv's interpreter (scripts/python-venv.sh, which has
/// the PyPI packages written by others that check us), on a GCD thread so the wait does not hold one of the few threads
/// the server under test runs on. Returns what it printed.
enum PythonClient {
    struct NoVenv: Error, CustomStringConvertible {
        var description: String { "GATEWAY_TEST_PYTHON is not set: run the suite with `make test`, which makes the test venv" }
    }

    static func run(_ script: String, arguments: [String] = [], input: Data? = nil) async throws -> Data {
        guard let python = ProcessInfo.processInfo.environment["GATEWAY_TEST_PYTHON"] else { throw NoVenv() }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let process = try ChildProcess(
                        python, [TestPaths.repository.appendingPathComponent("Tests/Fixtures/\(script)").path] + arguments, input: .pipe, output: .pipe,
                        errors: .file(FileHandle.standardError))
                    process.input?.write(input ?? Data())
                    try? process.input?.close()
                    let data = process.output?.readDataToEndOfFile() ?? Data()
                    process.wait()
                    continuation.resume(returning: data)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
