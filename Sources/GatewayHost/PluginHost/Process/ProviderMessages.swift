import Foundation
import Logging

/// What the host asks of a provider process. Each call carries its id (answers come back by it, in any order) and
/// how long it may take from when the provider process reads it.
enum ProviderRequest {
    case create(call: UInt64, timeoutMs: UInt64, config: Data)
    case invoke(call: UInt64, instance: UInt64, timeoutMs: UInt64, op: String, input: Data)
    case webhook(call: UInt64, instance: UInt64, timeoutMs: UInt64, delivery: WebhookDelivery)
    case destroy(instance: UInt64)
    /// The host no longer wants this call's answer: raise its cancel flag.
    case cancel(call: UInt64)

    private enum Kind: UInt8 {
        case create = 1, invoke, webhook, destroy, cancel
    }

    func encoded() -> [UInt8] {
        switch self {
        case .create(let call, let timeoutMs, let config):
            var frame = FrameWriter(kind: Kind.create.rawValue, capacity: config.count + 24)
            frame.u64(call)
            frame.u64(timeoutMs)
            frame.data(config)
            return frame.finished()
        case .invoke(let call, let instance, let timeoutMs, let op, let input):
            var frame = FrameWriter(kind: Kind.invoke.rawValue, capacity: input.count + op.utf8.count + 32)
            frame.u64(call)
            frame.u64(instance)
            frame.u64(timeoutMs)
            frame.string(op)
            frame.data(input)
            return frame.finished()
        case .webhook(let call, let instance, let timeoutMs, let delivery):
            var frame = FrameWriter(kind: Kind.webhook.rawValue, capacity: delivery.body.count + delivery.headersJSON.count + 64)
            frame.u64(call)
            frame.u64(instance)
            frame.u64(timeoutMs)
            frame.string(delivery.method)
            frame.string(delivery.path)
            frame.data(delivery.headersJSON)
            frame.data(delivery.body)
            return frame.finished()
        case .destroy(let instance):
            var frame = FrameWriter(kind: Kind.destroy.rawValue)
            frame.u64(instance)
            return frame.finished()
        case .cancel(let call):
            var frame = FrameWriter(kind: Kind.cancel.rawValue)
            frame.u64(call)
            return frame.finished()
        }
    }

    init(frame: [UInt8]) throws(ProviderFrame.Malformed) {
        var reader = try FrameReader(frame: frame)
        switch Kind(rawValue: reader.kind) {
        case .create:
            self = .create(call: try reader.u64(), timeoutMs: try reader.u64(), config: try reader.data())
        case .invoke:
            self = .invoke(call: try reader.u64(), instance: try reader.u64(), timeoutMs: try reader.u64(), op: try reader.string(), input: try reader.data())
        case .webhook:
            let (call, instance, timeoutMs) = (try reader.u64(), try reader.u64(), try reader.u64())
            let delivery = WebhookDelivery(method: try reader.string(), path: try reader.string(), headersJSON: try reader.data(), body: try reader.data())
            self = .webhook(call: call, instance: instance, timeoutMs: timeoutMs, delivery: delivery)
        case .destroy:
            self = .destroy(instance: try reader.u64())
        case .cancel:
            self = .cancel(call: try reader.u64())
        case nil:
            throw ProviderFrame.Malformed(description: "unknown request kind \(reader.kind)")
        }
    }
}

/// What a provider process tells the host: who it is (or why it cannot load its plugin), each call's answer, and
/// the plugin's log lines.
enum ProviderReport {
    case hello(ProviderHello)
    case refused(code: String, reason: String)
    /// `instance` is the new instance's id for a `create` that succeeded, else 0.
    case result(call: UInt64, instance: UInt64, answer: PluginCallResult)
    case log(level: Logger.Level, text: String)

    private enum Kind: UInt8 {
        case hello = 101, refused, result, log
    }

    func encoded() -> [UInt8] {
        switch self {
        case .hello(let hello):
            var frame = FrameWriter(kind: Kind.hello.rawValue, capacity: hello.manifest.count + (hello.webhookVectors?.count ?? 0) + 16)
            frame.u16(hello.abiMajor)
            frame.u16(hello.abiMinor)
            frame.bool(hello.takesWebhooks)
            frame.data(hello.manifest)
            frame.bool(hello.webhookVectors != nil)
            frame.data(hello.webhookVectors ?? Data())
            return frame.finished()
        case .refused(let code, let reason):
            var frame = FrameWriter(kind: Kind.refused.rawValue)
            frame.string(code)
            frame.string(reason)
            return frame.finished()
        case .result(let call, let instance, let answer):
            var frame = FrameWriter(kind: Kind.result.rawValue, capacity: answer.output.count + 48)
            frame.u64(call)
            frame.u64(instance)
            frame.i32(answer.rawStatus)
            frame.u32(answer.retryAfterMs)
            frame.bool(answer.outputFromHostAllocator)
            frame.bool(answer.inDoubt)
            frame.u64(answer.elapsedMs)
            frame.data(answer.output)
            return frame.finished()
        case .log(let level, let text):
            var frame = FrameWriter(kind: Kind.log.rawValue, capacity: text.utf8.count + 16)
            frame.string(level.rawValue)
            frame.string(text)
            return frame.finished()
        }
    }

    init(frame: [UInt8]) throws(ProviderFrame.Malformed) {
        var reader = try FrameReader(frame: frame)
        switch Kind(rawValue: reader.kind) {
        case .hello:
            let (major, minor, webhooks, manifest) = (try reader.u16(), try reader.u16(), try reader.bool(), try reader.data())
            let hasVectors = try reader.bool()
            let vectors = try reader.data()
            self = .hello(ProviderHello(abiMajor: major, abiMinor: minor, takesWebhooks: webhooks, manifest: manifest, webhookVectors: hasVectors ? vectors : nil))
        case .refused:
            self = .refused(code: try reader.string(), reason: try reader.string())
        case .result:
            let (call, instance, raw, retryAfter) = (try reader.u64(), try reader.u64(), try reader.i32(), try reader.u32())
            let (fromHostAllocator, inDoubt, elapsed, output) = (try reader.bool(), try reader.bool(), try reader.u64(), try reader.data())
            let answer = PluginCallResult(
                raw: raw, retryAfterMs: retryAfter, output: output, outputFromHostAllocator: fromHostAllocator, elapsedMs: elapsed, inDoubt: inDoubt
            )
            self = .result(call: call, instance: instance, answer: answer)
        case .log:
            self = .log(level: Logger.Level(rawValue: try reader.string()) ?? .error, text: try reader.string())
        case nil:
            throw ProviderFrame.Malformed(description: "unknown report kind \(reader.kind)")
        }
    }
}

/// A provider process's first words: the plugin loaded, and what it declares.
struct ProviderHello: Sendable, Codable {
    let abiMajor: UInt16
    let abiMinor: UInt16
    let takesWebhooks: Bool
    let manifest: Data
    let webhookVectors: Data?
}
