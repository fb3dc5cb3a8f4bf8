import Foundation

/// The calls of one harness run, and what their outputs looked like (host allocator, valid JSON).
struct HarnessSession {
    let plugin: LoadedPlugin
    let timeoutMs: UInt64
    private var calls = 0
    private var foreignBuffers = 0
    private var malformedOutputs: [String] = []
    /// Why the last call was not made at all (quarantined, restarting, busy).
    private var lastRefusal = "the call was not made"


    /// How many calls the concurrency check makes at once.
    static let concurrentCalls = 64

    init(plugin: LoadedPlugin, timeoutMs: UInt64) {
        self.plugin = plugin
        self.timeoutMs = timeoutMs
    }

    /// `create` with `{}` must name the first required field; with one field of the wrong type, that field.
    mutating func checkConfigValidation(examples: [String: JSONValue]) async -> [HarnessCheck] {
        var checks: [HarnessCheck] = []
        let required = plugin.manifest.config.filter(\.required).map(\.name)
        let empty = await create([:])
        if required.isEmpty {
            let check = "create with an empty config succeeds (no required fields)"
            if case .created = empty { checks.append(.pass(check)) } else { checks.append(.fail(check, describe(empty))) }
        } else {
            checks.append(expectRefused(empty, field: required, check: "create with an empty config is INVALID naming a required field"))
        }
        for field in plugin.manifest.config {
            var config = examples
            config[field.name] = ConfigSynthesis.wrongValue(for: field.type)
            let outcome = await create(config)
            checks.append(expectRefused(outcome, field: [field.name], check: "create with a wrong-typed '\(field.name)' is INVALID naming it"))
        }
        return checks
    }

    /// Creates the instance the remaining checks use.
    mutating func createChecked(_ config: [String: JSONValue], into checks: inout [HarnessCheck]) async -> PluginInstance? {
        let name = "create with a valid config succeeds"
        do {
            switch try await plugin.createInstance(config: ConfigSynthesis.encode(config), timeoutMs: timeoutMs) {
            case .success(let instance):
                calls += 1
                checks.append(.pass(name))
                return instance
            case .failure(let failure):
                record(failure.result)
                checks.append(.fail(name, describe(failure.result)))
            }
        } catch {
            checks.append(.fail(name, error.message))
        }
        return nil
    }


    mutating func checkUnknownOp(_ instance: PluginInstance) async -> HarnessCheck {
        let name = "an unknown op is UNSUPPORTED"
        guard let result = await invoke(instance, "gateway_harness_no_such_op", input: "{}") else { return .fail(name, unavailable) }
        return result.status == .unsupported ? .pass(name) : .fail(name, "got \(describe(result))")
    }

    /// A call whose deadline has already passed must come back TIMEOUT at once, without doing the work.
    mutating func checkExpiredDeadline(_ instance: PluginInstance) async -> HarnessCheck {
        let name = "a call past its deadline returns TIMEOUT promptly"
        let op = plugin.manifest.ops.contains("test") ? "test" : plugin.manifest.ops[0]
        guard let result = await invoke(instance, op, input: "{}", timeoutMs: 0) else { return .fail(name, unavailable) }
        guard result.status == .timeout, !result.answeredByHost else { return .fail(name, "'\(op)' got \(describe(result))") }
        guard result.elapsedMs < 250 else { return .fail(name, "'\(op)' took \(result.elapsedMs) ms: the plugin ignores its deadline") }
        return .pass(name, "\(result.elapsedMs) ms")
    }

    /// Many concurrent calls on one instance, when the manifest says that is safe, all answer as one call alone does.
    mutating func checkConcurrency(_ instance: PluginInstance) async -> HarnessCheck {
        let name = "concurrent invokes on one instance are safe"
        guard plugin.manifest.threadSafe else { return .pass(name, "not thread_safe: the host serialises calls") }
        let op = "gateway_harness_no_such_op"
        guard let alone = await invoke(instance, op, input: "{}") else { return .fail(name, unavailable) }
        let timeoutMs = timeoutMs
        let results = await withTaskGroup(of: PluginCallResult?.self) { group in
            for _ in 0..<Self.concurrentCalls { group.addTask { try? await instance.invoke(op, input: Data("{}".utf8), timeoutMs: timeoutMs) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        results.compactMap { $0 }.forEach { record($0) }
        let wrong = results.filter { $0?.status != alone.status || $0?.output != alone.output }.count
        let calls = Self.concurrentCalls
        return wrong == 0 ? .pass(name, "\(calls) calls") : .fail(name, "\(wrong) of \(calls) concurrent calls answered differently from one call alone")
    }

    /// The plugin's own vectors: a genuine delivery parses into events, a tampered one is refused with AUTH.
    mutating func checkWebhookVectors() async -> [HarnessCheck] {
        guard plugin.manifest.webhook else { return [] }
        let name = "webhook test vectors ship with the plugin"
        guard let json = plugin.webhookVectors, let file = try? JSONDecoder().decode(WebhookVectorFile.self, from: json) else {
            return [.fail(name, "the manifest declares webhooks but the plugin ships no readable vectors")]
        }
        guard file.vectors.contains(where: { $0.expect == "ok" }), file.vectors.contains(where: { $0.expect == "auth" }) else {
            return [.fail(name, "vectors need at least one genuine and one tampered delivery")]
        }
        var checks: [HarnessCheck] = [.pass(name, "\(file.vectors.count) vectors")]
        var scratch: [HarnessCheck] = []
        guard let instance = await createChecked(file.config, into: &scratch) else {
            return checks + scratch.map { .fail("webhook vectors' config creates an instance", $0.detail) }
        }
        for vector in file.vectors {
            checks.append(await checkVector(vector, on: instance))
        }
        return checks
    }

    private mutating func checkVector(_ vector: WebhookVectorFile.Vector, on instance: PluginInstance) async -> HarnessCheck {
        let name = "webhook vector '\(vector.name)' is \(vector.expect == "ok" ? "accepted" : "refused with AUTH")"
        let result: PluginCallResult
        do {
            result = try await instance.webhook(method: vector.method, path: vector.path, headers: vector.headers, body: Data(vector.body.utf8), timeoutMs: timeoutMs)
        } catch {
            return .fail(name, error.message)
        }
        record(result)
        if vector.expect == "auth" { return result.status == .auth ? .pass(name) : .fail(name, "got \(describe(result))") }
        guard result.status == .ok else { return .fail(name, "got \(describe(result))") }
        let output = try? JSONDecoder().decode(WebhookOutput.self, from: result.output)
        guard let output else { return .fail(name, "output is not {response, events[]}") }
        let expected = vector.events ?? 1
        return output.events.count == expected ? .pass(name, "\(expected) event\(expected == 1 ? "" : "s")") : .fail(name, "\(output.events.count) events, expected \(expected)")
    }

    /// `--live`: the connection test against the real service, and a send when the config names a recipient.
    mutating func checkLive(_ instance: PluginInstance, recipient: JSONValue?) async -> [HarnessCheck] {
        var checks: [HarnessCheck] = []
        if let result = await invoke(instance, "test", input: "{}") {
            checks.append(result.status == .ok ? .pass("live test", String(decoding: result.output, as: UTF8.self)) : .fail("live test", describe(result)))
        } else {
            checks.append(.fail("live test", unavailable))
        }
        guard case .string(let to) = recipient else { return checks }
        let input: [String: JSONValue] = [
            "to": plugin.manifest.kind == IntegrationType.email.rawValue ? .array([.string(to)]) : .string(to),
            "text": .string("gateway provider-test"), "subject": .string("gateway provider-test"),
        ]
        if let result = await invoke(instance, "send", input: String(decoding: ConfigSynthesis.encode(input), as: UTF8.self)) {
            checks.append(result.status == .ok ? .pass("live send to the test recipient") : .fail("live send to the test recipient", describe(result)))
        } else {
            checks.append(.fail("live send to the test recipient", unavailable))
        }
        return checks
    }

    /// Every output buffer came through the host's allocator and is valid JSON.
    func bufferChecks() -> [HarnessCheck] {
        [
            foreignBuffers == 0
                ? .pass("output buffers come from the host allocator", "\(calls) calls")
                : .fail("output buffers come from the host allocator", "\(foreignBuffers) of \(calls) outputs were allocated by the plugin itself"),
            malformedOutputs.isEmpty
                ? .pass("outputs are valid JSON")
                : .fail("outputs are valid JSON", "not JSON: \(malformedOutputs.prefix(3).joined(separator: "; "))"),
        ]
    }

    /// What a `create` came to: an instance (dropped at once), the plugin's refusal, or no call at all.
    private enum CreateOutcome {
        case created
        case refused(PluginCallResult)
        case notCalled(String)
    }

    private mutating func create(_ config: [String: JSONValue]) async -> CreateOutcome {
        do {
            switch try await plugin.createInstance(config: ConfigSynthesis.encode(config), timeoutMs: timeoutMs) {
            case .success: return .created
            case .failure(let failure):
                record(failure.result)
                return .refused(failure.result)
            }
        } catch {
            return .notCalled(error.message)
        }
    }

    private func expectRefused(_ outcome: CreateOutcome, field names: [String], check: String) -> HarnessCheck {
        guard case .refused(let result) = outcome else { return .fail(check, "got \(describe(outcome))") }
        return expectInvalid(result, field: names, check: check)
    }

    private func describe(_ outcome: CreateOutcome) -> String {
        switch outcome {
        case .created: "an instance"
        case .refused(let result): describe(result)
        case .notCalled(let reason): reason
        }
    }

    private mutating func invoke(_ instance: PluginInstance, _ op: String, input: String, timeoutMs: UInt64? = nil) async -> PluginCallResult? {
        do {
            let result = try await instance.invoke(op, input: Data(input.utf8), timeoutMs: timeoutMs ?? self.timeoutMs)
            record(result)
            return result
        } catch {
            lastRefusal = error.message
            return nil
        }
    }

    private mutating func record(_ result: PluginCallResult) {
        calls += 1
        if !result.outputFromHostAllocator { foreignBuffers += 1 }
        if !result.output.isEmpty, (try? JSONSerialization.jsonObject(with: result.output)) == nil {
            malformedOutputs.append(String(decoding: result.output.prefix(40), as: UTF8.self))
        }
    }

    private func expectInvalid(_ result: PluginCallResult, field names: [String], check: String) -> HarnessCheck {
        guard result.status == .invalid else { return .fail(check, "got \(describe(result))") }
        guard let field = result.errorFieldName, names.contains(field) else {
            return .fail(check, "INVALID but names field '\(result.errorFieldName ?? "none")', expected \(names.joined(separator: " or "))")
        }
        return .pass(check, "field '\(field)'")
    }

    private func describe(_ result: PluginCallResult) -> String {
        if result.answeredByHost { return result.errorMessage ?? "the host answered for the plugin" }
        return "\(result.status.name)\(result.errorMessage.map { ": \($0)" } ?? "")"
    }

    private var unavailable: String { lastRefusal }
}

/// The shape of a webhook call's output.
private struct WebhookOutput: Decodable {
    struct Response: Decodable {
        let status: Int
    }

    let response: Response
    let events: [JSONValue]
}
