import Foundation
import GatewayHost
import Logging

/// `gateway-bench <plugin.so>...`: the cost of a plugin call through the ABI, in nanoseconds per call.
/// Prints, for each plugin: a no-op invoke called directly (the ABI's own cost), an `echo` of a small JSON document
/// (adds the plugin's JSON handling and the host-allocated output), and a full dispatched invoke (call threads and
/// deadline watchdog, what the server pays per call).
@main
struct GatewayBench {
    static func main() async throws {
        let paths = CommandLine.arguments.dropFirst()
        guard !paths.isEmpty else {
            print("usage: gateway-bench <plugin.so>...")
            exit(2)
        }
        for path in paths { try await bench(path) }
    }

    static func bench(_ path: String) async throws {
        let plugin = try await PluginLoader.load(path: path, logger: Logger(label: "bench"), graceMs: 1_000).get()
        guard let examples = ConfigSynthesis.exampleConfig(plugin.manifest),
            case .success(let instance) = try await plugin.createInstance(config: ConfigSynthesis.encode(examples)) else {
            print("\(path): cannot create an instance from the manifest's examples")
            exit(1)
        }
        let flag = CancelFlag()
        let farDeadline = HostClock.nowMs() + 3_600_000
        let echoInput = Data(#"{"to":"5511999990000","text":"hello"}"#.utf8)

        print("plugin \(plugin.manifest.id) (\(path))")
        for (op, input) in [("noop", Data()), ("echo", echoInput)] where plugin.manifest.ops.contains(op) {
            let iterations = 1_000_000
            let started = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations {
                let result = instance.invokeBlocking(op, input: input, deadlineMs: farDeadline, cancelFlag: flag)
                precondition(result.status == .ok, "\(op) failed")
            }
            let perCall = Double(DispatchTime.now().uptimeNanoseconds - started) / Double(iterations)
            print("  direct invoke \(op):\t\(String(format: "%7.0f", perCall)) ns/call  (\(iterations) calls)")
        }
        let op = plugin.manifest.ops.contains("noop") ? "noop" : "echo"
        let iterations = 20_000
        let started = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations {
            let result = try await instance.invoke(op, input: echoInput, timeoutMs: 10_000)
            precondition(result.status == .ok, "\(op) failed")
        }
        let perCall = Double(DispatchTime.now().uptimeNanoseconds - started) / Double(iterations)
        print("  dispatched invoke \(op):\t\(String(format: "%7.0f", perCall)) ns/call  (\(iterations) calls, call threads + watchdog)")
    }
}
