import Foundation

/// The threads plugin code runs on: the host's own, never a NIO event loop or the Swift concurrency pool, so a slow or
/// hung plugin cannot stall the server. The pool grows on demand up to `maxThreads`; a thread that a hung plugin
/// holds is lost to the pool, which is why such a plugin gets no further calls (in-process) or its provider process is
/// killed.
final class PluginCallThreads: @unchecked Sendable {
    /// The host's pool: in-process calls, plugin loading, provider process starts.
    static let shared = PluginCallThreads(maxThreads: 64)

    private let maxThreads: Int
    private let condition = NSCondition()  // guards everything below
    private var jobs: [@Sendable () -> Void] = []
    private var threads = 0
    private var idle = 0

    init(maxThreads: Int) {
        self.maxThreads = maxThreads
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        defer { condition.unlock() }
        jobs.append(job)
        if idle > 0 {
            condition.signal()
        } else if threads < maxThreads {
            threads += 1
            let thread = Thread { [self] in run() }
            thread.name = "plugin-call"
            thread.start()
        }
    }

    /// Runs `job` on a pool thread and returns its result to the caller without blocking the caller's thread.
    func run<T: Sendable>(_ job: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: job()) }
        }
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty {
                idle += 1
                condition.wait()
                idle -= 1
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
