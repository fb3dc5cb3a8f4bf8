import Foundation

/// The `gateway` binary run as a command, as an operator runs it.
enum GatewayCommand {
    /// Runs `gateway <arguments>` with the test process's environment plus `environment`; its exit status, stdout and
    /// stderr.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String, errors: String) {
        let gateway = try ChildProcess(
            TestPaths.gatewayBinary, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, output: .pipe,
            errors: .pipe)
        // Drain stderr alongside stdout, so neither pipe can fill up and stall the child.
        let errorText = Task { String(decoding: gateway.errors?.readDataToEndOfFile() ?? Data(), as: UTF8.self) }
        let outputText = String(decoding: gateway.output?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        return (gateway.wait().status, outputText, await errorText.value)
    }
}
