import Foundation

/// The queue in Redis, for several gateway processes sharing one Redis. Every state change is one Lua script
/// (`RedisScripts`); enqueues of a batch and the reads behind them go out pipelined, one round trip each.
package final class RedisJobQueue: JobQueue {
    private let redis: RedisClient
    private let prefix: String
    private let retention: RetentionSettings

    package init(redis: RedisClient, prefix: String, retention: RetentionSettings) {
        self.redis = redis
        self.prefix = prefix
        self.retention = retention
    }

    private static let day = 24 * 60 * 60

    package var backendName: String { "redis" }

    package func ping() async throws {
        try Self.check(try await redis.command("PING"))
    }

    package func close() async throws {
        try await redis.close()
    }

    package func enqueue(_ jobs: [NewJob]) async throws -> [EnqueueResult] {
        let replies = try await redis.run(
            jobs.map { job in
                let delayMs = job.notBefore.map { max(0, $0.millisecondsSince1970 - Date().millisecondsSince1970) } ?? 0
                return (
                    RedisScripts.enqueue,
                    [
                        prefix, job.id, job.clientID, job.channel.rawValue, job.op, job.input, job.priority.rawValue, String(delayMs), job.idempotency?.key ?? "",
                        job.idempotency?.fingerprint ?? "", String(max(Int(Self.idempotencyWindow), retention.idempotencyDays * Self.day)),
                    ]
                )
            }
        )
        let answers = try replies.map { reply in
            try Self.check(reply)
            return reply.array.compactMap(\.string)
        }
        // A new job is reported as queued (a worker may claim it before any read); an existing one as it stands.
        let existing = answers.filter { $0.first == "existing" && $0.count == 3 }
        let records = try await redis.pipeline(existing.map { ["HGETALL", key("job:", $0[1])] })
        var stored: [String: Job] = [:]
        for (answer, record) in zip(existing, records) { stored[answer[1]] = try Self.job(id: answer[1], record.fields) }
        let now = Date()
        return try zip(jobs, answers).map { job, answer in
            guard answer.first == "existing" else { return .created(Self.queued(job, at: now)) }
            guard answer.count == 3, let found = stored[answer[1]] else { throw QueueError(.failed, "an idempotency key names a missing job") }
            return .existing(found, fingerprint: answer[2])
        }
    }

    package func claim(limit: Int, lease: Duration) async throws -> [ClaimedJob] {
        let token = UUID().uuidString
        let reply = try await redis.run(RedisScripts.claim, prefix, String(limit), String(lease.milliseconds), token)
        try Self.check(reply)
        return try reply.array.map { entry in
            let fields = entry.fields
            return ClaimedJob(job: try Self.job(id: fields["id"] ?? "", fields), leaseToken: token, inDoubt: fields["in_doubt"] == "1")
        }
    }

    package func finish(_ outcomes: [(ClaimedJob, JobOutcome)]) async throws -> [Bool] {
        let replies = try await redis.run(outcomes.map { claimed, outcome in
            (RedisScripts.finish, [prefix, claimed.job.id, claimed.leaseToken] + details(outcome))
        })
        return try replies.map { reply in
            try Self.check(reply)
            return reply.integer == 1
        }
    }

    package func recordFailover(_ claimed: ClaimedJob, history: [ProviderHop]) async throws -> Bool {
        let reply = try await redis.run(RedisScripts.recordFailover, prefix, claimed.job.id, claimed.leaseToken, ProviderHop.text(history))
        try Self.check(reply)
        return reply.integer == 1
    }

    package func renew(_ jobs: [ClaimedJob], lease: Duration) async throws -> [Bool] {
        let replies = try await redis.run(jobs.map { claimed in (RedisScripts.renew, [prefix, claimed.job.id, claimed.leaseToken, String(lease.milliseconds)]) })
        return try replies.map { reply in
            try Self.check(reply)
            return reply.integer == 1
        }
    }

    /// The finish script's arguments after the lease token.
    private func details(_ outcome: JobOutcome) -> [String] {
        switch outcome {
        case .sent(let providerMessageID): ["sent", providerMessageID ?? "", String(retention.sentDays * Self.day)]
        case .failed(let code, let reason): ["failed", code.text, reason]
        case .dead(let code, let reason): ["dead", code.text, reason]
        case .retry(let delay, let code, let reason, let inDoubt): ["retry", String(delay.milliseconds), code.text, reason, inDoubt ? "1" : "0"]
        case .release(let delay, let inDoubt): ["release", String(delay.milliseconds), inDoubt ? "1" : "0"]
        }
    }

    package func job(clientID: String, id: String) async throws -> Job? {
        let fields = try await redis.command("HGETALL", key("job:", id)).fields
        guard fields["client"] == clientID else { return nil }
        return try Self.job(id: id, fields)
    }

    /// Failed and dead messages from their own index; queued, sending and sent ones from the client's latest
    /// `RedisScripts.recentKept` messages (a sent one is gone once its retention expires it).
    package func jobs(clientID: String, status: JobStatus, limit: Int) async throws -> [Job] {
        let ids: [String]
        if status.isReplayable {
            ids = try await redis.command("ZREVRANGE", key("client:", clientID, ":", status.rawValue), "0", String(max(limit, 1) - 1)).array.compactMap(\.string)
        } else {
            ids = Array(try await recentIDs(clientID: clientID, status: status).prefix(limit))
        }
        let records = try await redis.pipeline(ids.map { ["HGETALL", key("job:", $0)] })
        return try zip(ids, records).compactMap { id, record in
            let fields = record.fields
            return fields["client"] == clientID ? try Self.job(id: id, fields) : nil
        }
    }

    package func count(clientID: String, status: JobStatus, upTo cap: Int) async throws -> Int {
        guard !status.isReplayable else {
            return min(cap, Int(try await redis.command("ZCARD", key("client:", clientID, ":", status.rawValue)).integer ?? 0))
        }
        return min(cap, try await recentIDs(clientID: clientID, status: status).count)
    }

    /// The ids among the client's latest `RedisScripts.recentKept` jobs that are in `status`, newest first.
    private func recentIDs(clientID: String, status: JobStatus) async throws -> [String] {
        let recent = try await redis.command("ZREVRANGE", key("client:", clientID, ":recent"), "0", String(RedisScripts.recentKept - 1)).array.compactMap(\.string)
        let statuses = try await redis.pipeline(recent.map { ["HGET", key("job:", $0), "status"] })
        return zip(recent, statuses).filter { $0.1.string == status.rawValue }.map(\.0)
    }

    package func replay(clientID: String, id: String) async throws -> ReplayResult? {
        let reply = try await redis.run(RedisScripts.replay, prefix, clientID, id)
        try Self.check(reply)
        guard let outcome = reply.string, !outcome.isEmpty, var job = try await job(clientID: clientID, id: id) else { return nil }
        guard outcome == "replayed" else { return .unchanged(job) }
        // A worker may have claimed it already; answer with the state the replay left it in.
        job.status = .queued
        job.attempts = 0
        job.providerHistory = []
        return .replayed(job)
    }

    /// Walks the job hashes with SCAN (no index of a channel's jobs is kept), so a page may hold fewer than it read.
    package func sealedInputs(channel: String, notUnder keyID: String, from cursor: String?) async throws -> (inputs: [SealedValue], next: String?) {
        // The prefix is matched literally: its glob characters are escaped.
        let literalPrefix = prefix.reduce(into: "") { pattern, character in
            if "*?[]\\".contains(character) { pattern.append("\\") }
            pattern.append(character)
        }
        let scanned = try await redis.command("SCAN", cursor ?? "0", "MATCH", literalPrefix + "job:*", "COUNT", String(SQLJobQueue.inputPage)).array
        guard scanned.count == 2, let next = scanned[0].string else { throw QueueError(.failed, "Redis answered SCAN with no cursor") }
        let keys = scanned[1].array.compactMap(\.string)
        let records = try await redis.pipeline(keys.map { ["HMGET", $0, "channel", "client", "input"] })
        let current = Vault.sealedPrefix(keyID: keyID)
        let inputs = zip(keys, records).compactMap { key, record -> SealedValue? in
            let fields = record.array.map(\.string)
            guard fields.count == 3, fields[0] == channel, let client = fields[1], let input = fields[2], !input.isEmpty, !input.hasPrefix(current) else { return nil }
            return SealedValue(id: String(key.dropFirst(prefix.count + "job:".count)), clientID: client, value: input)
        }
        return (inputs, next == "0" ? nil : next)
    }

    package func replaceInput(id: String, with input: String, ifStill expected: String) async throws -> Bool {
        let reply = try await redis.run(RedisScripts.replaceInput, prefix, id, input, expected)
        try Self.check(reply)
        return reply.integer == 1
    }

    package func counts() async throws -> QueueCounts {
        let priorities = JobPriority.allCases
        let replies = try await redis.pipeline(
            priorities.map { ["LLEN", key("ready:", $0.rawValue)] } + [["ZCARD", key("leased")], ["ZCARD", key("delayed")], ["ZCARD", key("dead")]]
        )
        let numbers = replies.map { Int($0.integer ?? 0) }
        return QueueCounts(
            ready: Dictionary(uniqueKeysWithValues: zip(priorities, numbers)), inFlight: numbers[3], delayed: numbers[4], dead: numbers[5]
        )
    }

    package func purge(_ cutoffs: PurgeCutoffs) async throws -> PurgeCounts {
        // Sent jobs expire by themselves (EXPIRE when sent); idempotency keys too (their EX).
        var purged = PurgeCounts()
        while true {
            let reply = try await redis.run(RedisScripts.purge, prefix, String(cutoffs.deadBefore.millisecondsSince1970), String(SQLJobQueue.purgeBatch))
            try Self.check(reply)
            let removed = Int(reply.integer ?? 0)
            purged.dead += removed
            if removed < SQLJobQueue.purgeBatch { return purged }
        }
    }

    private func key(_ parts: String...) -> String {
        prefix + parts.joined()
    }

    /// A reply of type error is Redis refusing the command (a script bug or an out-of-memory Redis).
    private static func check(_ reply: RedisReply) throws {
        if case .error(let message) = reply { throw QueueError(.failed, "Redis refused a queue command: \(message.prefix(200))") }
    }

    private static func queued(_ job: NewJob, at now: Date) -> Job {
        Job(
            id: job.id, clientID: job.clientID, channel: job.channel, op: job.op, input: job.input, priority: job.priority, status: .queued, attempts: 0,
            createdAt: now, updatedAt: now, nextAttemptAt: job.notBefore
        )
    }

    private static func job(id: String, _ fields: [String: String]) throws -> Job {
        guard let client = fields["client"], let channel = fields["channel"].flatMap(IntegrationType.init), let op = fields["op"] else {
            throw QueueError(.failed, "job \(id) is missing from Redis")
        }
        let input = fields["input"] ?? ""  // dropped once sent
        func date(_ name: String) -> Date? {
            fields[name].flatMap(Double.init).map { Date(timeIntervalSince1970: $0 / 1000) }
        }
        func text(_ name: String) -> String? {
            fields[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        let status = JobStatus(rawValue: fields["status"] ?? "") ?? .queued
        return Job(
            id: id, clientID: client, channel: channel, op: op, input: input, priority: JobPriority(rawValue: fields["priority"] ?? "") ?? .normal,
            status: status, attempts: Int(fields["attempts"] ?? "") ?? 0, providerMessageID: text("provider_message_id"), errorCode: text("error_code").flatMap(JobFailureCode.init(text:)),
            lastError: text("last_error"), createdAt: date("created_at") ?? Date(timeIntervalSince1970: 0), updatedAt: date("updated_at") ?? Date(timeIntervalSince1970: 0),
            sentAt: date("sent_at"), nextAttemptAt: status == .queued ? date("next_attempt_at") : nil,
            providerHistory: try ProviderHop.history(fromText: fields["provider_history"])
        )
    }
}
