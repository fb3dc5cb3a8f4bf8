import Foundation
import Synchronization

/// A provider process's instances and the calls running on them. Its threads take turns reading the socket (leader and
/// followers): the thread that reads a request hands the reading to an idle thread and runs the request itself, so a
/// call starts without waking another thread first. Threads are added on demand up to `maxThreads`, which the host's
/// in-flight budget keeps above the calls it sends, so one thread is always left to read a cancel.
final class ProviderHostSession: @unchecked Sendable {
    let native: NativePlugin
    let threadSafe: Bool
    let writer: ReportWriter
    let maxOutputBytes: Int
    private let instances = Mutex<[UInt64: NativeInstance]>([:])
    private let lastInstance = Atomic<UInt64>(0)
    private let cancelFlags = Mutex<[UInt64: CancelFlag]>([:])

    private let turns = NSCondition()  // guards everything below
    private var reading = false
    private var waiting = 0
    private var threads = 0
    private var maxThreads = 1
    /// Bytes read but not yet cut into requests, and the read buffer; only the reading thread touches them.
    private var buffer = FrameBuffer(maxFrame: ProviderFrame.maxHostFrame)
    private var chunk = [UInt8](repeating: 0, count: 64 << 10)
    private var channel: Int32 = -1

    /// Stack of each call thread: plugins need little, and the address-space cap counts every reserved stack.
    static let threadStackSize = 2 << 20

    init(native: NativePlugin, threadSafe: Bool, writer: ReportWriter, maxOutputBytes: Int) {
        self.native = native
        self.threadSafe = threadSafe
        self.writer = writer
        self.maxOutputBytes = maxOutputBytes
    }

    /// Serves requests from `channel` until the host closes it, then ends the process.
    func serve(_ channel: Int32, maxThreads: Int) -> Never {
        self.channel = channel
        self.maxThreads = max(2, maxThreads)
        turns.lock()
        threads = 1
        turns.unlock()
        work()
    }

    /// A thread's life: wait for the reading turn, read one request, pass the turn on, run the request.
    private func work() -> Never {
        while true {
            let request = nextRequest()
            handle(request)
        }
    }

    private func nextRequest() -> ProviderRequest {
        turns.lock()
        waiting += 1
        while reading { turns.wait() }
        waiting -= 1
        reading = true
        turns.unlock()
        let request = readRequest()
        turns.lock()
        reading = false
        if waiting > 0 {
            turns.signal()
        } else if threads < maxThreads {
            threads += 1
            let thread = Thread { [self] in work() }
            thread.name = "provider-call"
            thread.stackSize = Self.threadStackSize
            thread.start()
        }
        turns.unlock()
        return request
    }

    /// The next request, reading the socket as needed; the host closing it (or sending garbage) ends the process.
    private func readRequest() -> ProviderRequest {
        do {
            while true {
                if let frame = try buffer.next() { return try ProviderRequest(frame: frame) }
                let count = chunk.withUnsafeMutableBytes { read(channel, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { _exit(0) }
                chunk.withUnsafeBytes { buffer.append(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            }
        } catch {
            _exit(0)
        }
    }

    private func handle(_ request: ProviderRequest) {
        switch request {
        case .create(let call, let timeoutMs, let config):
            run(call, timeoutMs: timeoutMs) { deadline, flag in
                let (result, instance) = native.create(config: config, threadSafe: threadSafe, deadlineMs: deadline, cancelFlag: flag, maxOutputBytes: maxOutputBytes)
                guard let instance else { return (result, 0) }
                let id = lastInstance.wrappingAdd(1, ordering: .relaxed).newValue
                instances.withLock { $0[id] = instance }
                return (result, id)
            }
        case .invoke(let call, let id, let timeoutMs, let op, let input):
            guard let instance = instances.withLock({ $0[id] }) else { return unknownInstance(call) }
            run(call, timeoutMs: timeoutMs) { deadline, flag in
                (native.invoke(instance, op: op, input: input, deadlineMs: deadline, cancelFlag: flag, maxOutputBytes: maxOutputBytes), 0)
            }
        case .webhook(let call, let id, let timeoutMs, let delivery):
            guard native.takesWebhooks, let instance = instances.withLock({ $0[id] }) else { return unknownInstance(call) }
            run(call, timeoutMs: timeoutMs) { deadline, flag in
                (native.webhook(instance, delivery: delivery, deadlineMs: deadline, cancelFlag: flag, maxOutputBytes: maxOutputBytes), 0)
            }
        case .destroy(let id):
            guard let instance = instances.withLock({ $0.removeValue(forKey: id) }) else { return }
            native.destroy(instance)
        case .cancel(let call):
            cancelFlags.withLock { $0[call] }?.raise()
        }
    }

    /// Runs one call on this thread with its deadline and cancel flag, and reports its answer.
    private func run(_ call: UInt64, timeoutMs: UInt64, _ body: (_ deadlineMs: UInt64, CancelFlag) -> (PluginCallResult, UInt64)) {
        let flag = CancelFlag()
        let (deadline, overflow) = HostClock.nowMs().addingReportingOverflow(timeoutMs)
        cancelFlags.withLock { $0[call] = flag }
        let (result, instance) = body(overflow ? .max : deadline, flag)
        cancelFlags.withLock { _ = $0.removeValue(forKey: call) }
        writer.send(.result(call: call, instance: instance, answer: result))
    }

    private func unknownInstance(_ call: UInt64) {
        writer.send(.result(call: call, instance: 0, answer: PluginCallResult(hostError: .internal, message: "no such instance in the provider process")))
    }
}
