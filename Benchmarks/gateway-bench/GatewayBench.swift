import Foundation
import GatewayHost
import Logging

/// `gateway-bench <plugin.so>...`: the cost of a plugin call, in nanoseconds per call. For each plugin: a no-op invoke
/// called directly on this thread (the ABI's own cost), an `echo` of a small JSON document (adds the plugin's JSON
/// handling and the host-allocated output), then a dispatched invoke as the server pays it, in both modes: in-process
/// (call threads and deadline watchdog) and in a provider process (the socket round trip to `gateway provider-host`,
/// which must sit beside this binary).
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
        let inProcess = try await instance(path, isolation: .inProcess)
        let manifest = inProcess.plugin.manifest
        let flag = CancelFlag()
        let farDeadline = HostClock.nowMs() + 3_600_000
        let echoInput = Data(#"{"to":"5511999990000","text":"hello"}"#.utf8)

        print("plugin \(manifest.id) (\(path))")
        for (op, input) in [("noop", Data()), ("echo", echoInput)] where manifest.ops.contains(op) {
            let iterations = 1_000_000
            let started = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations {
                let result = inProcess.invokeHere(op, input: input, deadlineMs: farDeadline, cancelFlag: flag)
                precondition(result?.status == .ok, "\(op) failed")
            }
            report("direct invoke \(op)", started: started, iterations: iterations, note: "this thread, no dispatch")
        }
        let op = manifest.ops.contains("noop") ? "noop" : "echo"
        try await dispatched(inProcess, op: op, input: echoInput, label: "in-process", note: "call threads + watchdog")
        let process = try await instance(path, isolation: .process)
        try await dispatched(process, op: op, input: echoInput, label: "process", note: "provider process round trip")
        process.plugin.close()
    }

    static func instance(_ path: String, isolation: PluginSettings.Isolation) async throws -> PluginInstance {
        var settings = PluginSettings()
        settings.isolation = isolation
        settings.tenantInFlight = settings.maxInFlight  // one caller: the whole budget
        let plugin = try await PluginLoader.load(path: path, settings: settings, logger: Logger(label: "bench")).get()
        guard let examples = ConfigSynthesis.exampleConfig(plugin.manifest),
            case .success(let instance) = try await plugin.createInstance(config: ConfigSynthesis.encode(examples), client: "bench")
        else {
            print("\(path): cannot create an instance from the manifest's examples")
            exit(1)
        }
        return instance
    }

    /// One caller after another, then 16 at once (what a busy worker does).
    static func dispatched(_ instance: PluginInstance, op: String, input: Data, label: String, note: String) async throws {
        let iterations = 20_000
        var started = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations {
            let result = try await instance.invoke(op, input: input, timeoutMs: 10_000)
            precondition(result.status == .ok, "\(op) failed")
        }
        report("dispatched invoke \(op), \(label)", started: started, iterations: iterations, note: note)
        started = DispatchTime.now().uptimeNanoseconds
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    for _ in 0..<(iterations / 16) {
                        let result = try await instance.invoke(op, input: input, timeoutMs: 10_000)
                        precondition(result.status == .ok, "\(op) failed")
                    }
                }
            }
            try await group.waitForAll()
        }
        report("  16 callers at once, \(label)", started: started, iterations: iterations, note: "per call, amortised")
    }

    static func report(_ name: String, started: UInt64, iterations: Int, note: String) {
        let perCall = Double(DispatchTime.now().uptimeNanoseconds - started) / Double(iterations)
        print("  \(name):\t\(String(format: "%7.0f", perCall)) ns/call  (\(iterations) calls, \(note))")
    }
}
