import Foundation

/// The `gateway` binary run as a command, as an operator runs it.
enum GatewayCommand {
    /// Runs `gateway <arguments>` with the test process's environment plus `environment`; its exit status, stdout and
    /// stderr.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.gatewayBinary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Drain stderr alongside stdout, so neither pipe can fill up and stall the child.
        let errorText = Task { String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
        let outputText = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, outputText, await errorText.value)
    }
}
