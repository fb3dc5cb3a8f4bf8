import Foundation

/// The embedded queue: the store's `messages` table is both the queue and the messages' status. On PostgreSQL
/// several workers claim with `FOR UPDATE SKIP LOCKED`, so they never wait on or take each other's rows; SQLite has
/// one writer anyway. Workers act for every client (system scope); API calls act for one.
package final class SQLJobQueue: JobQueue {
    private let database: SQLDatabase

    package init(database: SQLDatabase) {
        self.database = database
    }

    package var backendName: String { database.backend.rawValue }

    package func ping() async throws {
        try await database.withConnection { try $0.query("SELECT 1") }
    }

    /// The store owns the database; closing is its job.
    package func close() async throws {}

    private static let columns = """
        id, client_id, channel, op, input, priority, status, attempts, available_at, lease_token, in_doubt, provider_message_id, \
        error_code, last_error, created_at, updated_at, sent_at, provider_history
        """

    package func enqueue(_ jobs: [NewJob]) async throws -> [EnqueueResult] {
        guard let clientID = jobs.first?.clientID else { return [] }
        guard jobs.allSatisfy({ $0.clientID == clientID }) else { throw QueueError(.failed, "a batch of jobs must be one client's") }
        return try await database.transaction(.client(clientID)) { connection in
            let now = Date()
            return try jobs.map { job in
                if let idempotency = job.idempotency, let existing = try Self.claimKey(idempotency, for: job, now: now, on: connection) {
                    return existing
                }
                let available = job.notBefore.map { max($0, now) } ?? now
                let row = try connection.query(
                    """
                    INSERT INTO messages (id, client_id, channel, op, input, priority, status, attempts, available_at, created_at, updated_at)
                    VALUES ($1, $2, $3, $4, $5, $6, 'queued', 0, $7, $8, $8) RETURNING \(Self.columns)
                    """,
                    .text(job.id), .text(job.clientID), .text(job.channel.rawValue), .text(job.op), .text(job.input), .integer(Int64(job.priority.rank)),
                    .date(available), .date(now)
                )
                return .created(try Self.job(row[0]))
            }
        }
    }

    /// Takes the idempotency key for `job`, or returns the job the key already names (keys expire after 24 hours).
    private static func claimKey(
        _ idempotency: (key: String, fingerprint: String), for job: NewJob, now: Date, on connection: any SQLConnection
    ) throws -> EnqueueResult? {
        let taken = try connection.query(
            """
            INSERT INTO idempotency_keys (client_id, key, message_id, fingerprint, expires_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (client_id, key) DO UPDATE SET message_id = excluded.message_id, fingerprint = excluded.fingerprint, expires_at = excluded.expires_at
            WHERE idempotency_keys.expires_at <= $6 RETURNING message_id
            """,
            .text(job.clientID), .text(idempotency.key), .text(job.id), .text(idempotency.fingerprint),
            .date(now.addingTimeInterval(idempotencyWindow)), .date(now)
        )
        guard taken.isEmpty else { return nil }
        guard let key = try connection.query(
            "SELECT message_id, fingerprint FROM idempotency_keys WHERE client_id = $1 AND key = $2", .text(job.clientID), .text(idempotency.key)
        ).first else { throw StoreError(.corrupt, "an idempotency key vanished while it was being taken") }
        guard let row = try connection.query("SELECT \(columns) FROM messages WHERE id = $1", .text(try key.string("message_id"))).first else {
            // Its message was purged (a retention shorter than the key's day): the key is free again.
            try connection.query(
                "UPDATE idempotency_keys SET message_id = $3, fingerprint = $4 WHERE client_id = $1 AND key = $2",
                .text(job.clientID), .text(idempotency.key), .text(job.id), .text(idempotency.fingerprint)
            )
            return nil
        }
        return .existing(try Self.job(row), fingerprint: try key.string("fingerprint"))
    }

    package func claim(limit: Int, lease: Duration) async throws -> [ClaimedJob] {
        let token = UUID().uuidString
        // Rows another worker is claiming are skipped, not waited for; insertion order breaks ties (see Migrations).
        let (skipLocked, insertionOrder) = database.backend == .postgres ? ("FOR UPDATE SKIP LOCKED", "seq") : ("", "rowid")
        return try await database.transaction(.system) { connection in
            let now = Date()
            // A row whose lease ran out was mid-call when its worker vanished: it comes back in doubt.
            let rows = try connection.query(
                """
                UPDATE messages SET status = 'sending', attempts = attempts + 1, lease_token = $2, lease_until = $3, updated_at = $1,
                    in_doubt = CASE WHEN status = 'sending' THEN 1 ELSE in_doubt END
                WHERE id IN (
                    SELECT id FROM messages WHERE (status = 'queued' AND available_at <= $1) OR (status = 'sending' AND lease_until <= $1)
                    ORDER BY priority, available_at, \(insertionOrder) LIMIT $4 \(skipLocked))
                RETURNING \(Self.columns), \(insertionOrder) AS insertion_order
                """,
                .date(now), .text(token), .date(now.addingTimeInterval(lease.timeInterval)), .integer(Int64(limit))
            )
            return try rows.map { row in
                (order: try row.integer("insertion_order"), claimed: ClaimedJob(job: try Self.job(row), leaseToken: token, inDoubt: try row.integer("in_doubt") != 0))
            }
            .sorted { ($0.claimed.job.priority.rank, $0.order) < ($1.claimed.job.priority.rank, $1.order) }
            .map(\.claimed)
        }
    }

    package func finish(_ outcomes: [(ClaimedJob, JobOutcome)]) async throws -> [Bool] {
        let now = Date()
        return try await database.transaction(.system) { connection in
            try outcomes.map { claimed, outcome in
                let (assignments, values) = Self.assignments(for: outcome, now: now)
                return !(try connection.query(
                    "UPDATE messages SET \(assignments), lease_token = NULL, lease_until = NULL WHERE id = $1 AND lease_token = $2 AND status = 'sending' RETURNING id",
                    [.text(claimed.job.id), .text(claimed.leaseToken)] + values
                )).isEmpty
            }
        }
    }

    package func recordFailover(_ claimed: ClaimedJob, history: [ProviderHop]) async throws -> Bool {
        try await database.transaction(.system) { connection in
            !(try connection.query(
                "UPDATE messages SET provider_history = $3 WHERE id = $1 AND lease_token = $2 AND status = 'sending' RETURNING id",
                .text(claimed.job.id), .text(claimed.leaseToken), .text(ProviderHop.text(history))
            )).isEmpty
        }
    }

    package func renew(_ jobs: [ClaimedJob], lease: Duration) async throws -> [Bool] {
        try await database.transaction(.system) { connection in
            let until = SQLValue.date(Date().addingTimeInterval(lease.timeInterval))
            return try jobs.map { claimed in
                !(try connection.query(
                    "UPDATE messages SET lease_until = $3 WHERE id = $1 AND lease_token = $2 AND status = 'sending' RETURNING id",
                    .text(claimed.job.id), .text(claimed.leaseToken), until
                )).isEmpty
            }
        }
    }

    /// The SET clause for an outcome; its parameters start at `$3`.
    private static func assignments(for outcome: JobOutcome, now: Date) -> (String, [SQLValue]) {
        switch outcome {
        case .sent(let providerMessageID):
            // The content goes once the message is out (the seed's rule: content is not kept).
            ("status = 'sent', provider_message_id = $3, sent_at = $4, updated_at = $4, in_doubt = 0, error_code = NULL, last_error = NULL, input = ''",
             [.text(providerMessageID), .date(now)])
        case .failed(let code, let reason), .dead(let code, let reason):
            ("status = $3, error_code = $4, last_error = $5, updated_at = $6", [.text(outcome.finalStatus.rawValue), .text(code.text), .text(reason), .date(now)])
        case .retry(let delay, let code, let reason, let inDoubt):
            ("status = 'queued', error_code = $3, last_error = $4, available_at = $5, updated_at = $6, in_doubt = CASE WHEN $7 = 1 THEN 1 ELSE in_doubt END",
             [.text(code.text), .text(reason), .date(now.addingTimeInterval(delay.timeInterval)), .date(now), .integer(inDoubt ? 1 : 0)])
        case .release(let delay, let inDoubt):
            ("status = 'queued', attempts = attempts - 1, available_at = $3, updated_at = $4, in_doubt = CASE WHEN $5 = 1 THEN 1 ELSE in_doubt END",
             [.date(now.addingTimeInterval(delay.timeInterval)), .date(now), .integer(inDoubt ? 1 : 0)])
        }
    }

    package func job(clientID: String, id: String) async throws -> Job? {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query("SELECT \(Self.columns) FROM messages WHERE client_id = $1 AND id = $2", .text(clientID), .text(id)).first.map(Self.job)
        }
    }

    package func jobs(clientID: String, status: JobStatus, limit: Int) async throws -> [Job] {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                "SELECT \(Self.columns) FROM messages WHERE client_id = $1 AND status = $2 ORDER BY updated_at DESC, id LIMIT $3",
                .text(clientID), .text(status.rawValue), .integer(Int64(limit))
            ).map(Self.job)
        }
    }

    package func count(clientID: String, status: JobStatus, upTo cap: Int) async throws -> Int {
        try await database.transaction(.client(clientID)) { connection in
            let rows = try connection.query(
                "SELECT COUNT(*) AS jobs FROM (SELECT 1 FROM messages WHERE client_id = $1 AND status = $2 LIMIT $3) AS capped",
                .text(clientID), .text(status.rawValue), .integer(Int64(cap)))
            return Int(try rows.first?.integer("jobs") ?? 0)
        }
    }

    package func replay(clientID: String, id: String) async throws -> ReplayResult? {
        try await database.transaction(.client(clientID)) { connection in
            let now = Date()
            let replayed = try connection.query(
                """
                UPDATE messages SET status = 'queued', attempts = 0, available_at = $3, updated_at = $3, in_doubt = 0, error_code = NULL, last_error = NULL,
                    provider_history = '[]'
                WHERE client_id = $1 AND id = $2 AND status IN ('failed', 'dead') RETURNING \(Self.columns)
                """,
                .text(clientID), .text(id), .date(now)
            )
            if let row = replayed.first { return .replayed(try Self.job(row)) }
            return try connection.query("SELECT \(Self.columns) FROM messages WHERE client_id = $1 AND id = $2", .text(clientID), .text(id)).first
                .map { .unchanged(try Self.job($0)) }
        }
    }

    package func sealedInputs(channel: String, notUnder keyID: String, from cursor: String?) async throws -> (inputs: [SealedValue], next: String?) {
        let inputs = try await database.transaction(.system) { connection in
            try connection.query(
                "SELECT id, client_id, input FROM messages WHERE channel = $1 AND id > $2 AND input <> '' AND input NOT LIKE $3 ORDER BY id LIMIT $4",
                .text(channel), .text(cursor ?? ""), .text(Vault.sealedPrefix(keyID: keyID) + "%"), .integer(Int64(Self.inputPage))
            ).map { SealedValue(id: try $0.string("id"), clientID: try $0.string("client_id"), value: try $0.string("input")) }
        }
        return (inputs, inputs.count == Self.inputPage ? inputs.last?.id : nil)
    }

    package func replaceInput(id: String, with input: String, ifStill expected: String) async throws -> Bool {
        try await database.transaction(.system) { connection in
            !(try connection.query("UPDATE messages SET input = $1 WHERE id = $2 AND input = $3 RETURNING id", .text(input), .text(id), .text(expected))).isEmpty
        }
    }

    /// Inputs read per page by `sealedInputs`.
    static let inputPage = 200

    /// Each count is read off an index (the ready and leased partial indexes, the status index), never a scan of
    /// every message.
    package func counts() async throws -> QueueCounts {
        try await database.transaction(.system) { connection in
            let now = SQLValue.date(Date())
            var counts = QueueCounts(ready: [:], inFlight: 0, delayed: 0, dead: 0)
            for row in try connection.query("SELECT priority, COUNT(*) AS jobs FROM messages WHERE status = 'queued' AND available_at <= $1 GROUP BY priority", now) {
                counts.ready[JobPriority(rank: Int(try row.integer("priority"))) ?? .normal, default: 0] += Int(try row.integer("jobs"))
            }
            func count(_ condition: String, _ parameters: SQLValue...) throws -> Int {
                Int(try connection.query("SELECT COUNT(*) AS jobs FROM messages WHERE \(condition)", parameters).first?.integer("jobs") ?? 0)
            }
            counts.delayed = try count("status = 'queued' AND available_at > $1", now)
            counts.inFlight = try count("status = 'sending'")
            counts.dead = try count("status = 'dead'")
            return counts
        }
    }

    package func purge(_ cutoffs: PurgeCutoffs) async throws -> PurgeCounts {
        var purged = PurgeCounts()
        purged.sent = try await deleteInBatches(from: "messages", where: "status = 'sent' AND updated_at < $1", cutoffs.sentBefore)
        purged.dead = try await deleteInBatches(from: "messages", where: "status IN ('failed', 'dead') AND updated_at < $1", cutoffs.deadBefore)
        purged.idempotencyKeys = try await deleteInBatches(from: "idempotency_keys", where: "expires_at < $1", cutoffs.idempotencyExpiredBefore, key: "client_id, key")
        return purged
    }

    /// Most rows one purge transaction deletes, so a large purge never holds locks for long.
    static let purgeBatch = 5_000

    private func deleteInBatches(from table: String, where condition: String, _ cutoff: Date, key: String = "id") async throws -> Int {
        var total = 0
        while true {
            let deleted = try await database.transaction(.system) { connection in
                try connection.query(
                    "DELETE FROM \(table) WHERE (\(key)) IN (SELECT \(key) FROM \(table) WHERE \(condition) LIMIT \(Self.purgeBatch)) RETURNING 1", .date(cutoff)
                ).count
            }
            total += deleted
            if deleted < Self.purgeBatch { return total }
        }
    }

    private static func job(_ row: SQLRow) throws -> Job {
        let status = try row.string("status")
        return Job(
            id: try row.string("id"), clientID: try row.string("client_id"), channel: try row.value("channel", as: IntegrationType.self), op: try row.string("op"),
            input: try row.string("input"), priority: JobPriority(rank: Int(try row.integer("priority"))) ?? .normal,
            status: JobStatus(rawValue: status) ?? .queued, attempts: Int(try row.integer("attempts")),
            providerMessageID: row.optionalString("provider_message_id"), errorCode: row.optionalString("error_code").flatMap(JobFailureCode.init(text:)), lastError: row.optionalString("last_error"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"), sentAt: row.optionalDate("sent_at"),
            nextAttemptAt: status == JobStatus.queued.rawValue ? row.optionalDate("available_at") : nil,
            providerHistory: try ProviderHop.history(fromText: row.optionalString("provider_history"))
        )
    }
}
