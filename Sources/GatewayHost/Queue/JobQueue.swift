package import Foundation

/// The durable queue of messages to deliver, with their delivery state. Two backends: the store (SQLite or
/// PostgreSQL) and Redis. At-least-once: a claimed job is leased, and redelivered when its lease runs out before its
/// outcome is reported.
package protocol JobQueue: Sendable {
    /// `sqlite`, `postgres` or `redis`, for `/health` and logs.
    var backendName: String { get }
    func ping() async throws

    /// Adds one client's jobs in one go (one transaction or one round trip). With an idempotency key seen in the last
    /// 24 hours the existing job comes back instead.
    func enqueue(_ jobs: [NewJob]) async throws -> [EnqueueResult]

    /// Leases up to `limit` ready jobs (highest priority, then oldest first) for `lease`; jobs whose lease ran out
    /// count as ready again.
    func claim(limit: Int, lease: Duration) async throws -> [ClaimedJob]

    /// Records how claimed jobs ended, in one transaction or round trip. False for a job whose lease was lost (it ran
    /// out and another worker has the job).
    func finish(_ outcomes: [(ClaimedJob, JobOutcome)]) async throws -> [Bool]

    /// Records the integrations a job in flight left for fallbacks (`provider_history`), before it goes out through
    /// the next; false when the job's lease was lost.
    func recordFailover(_ claimed: ClaimedJob, history: [ProviderHop]) async throws -> Bool

    /// Extends the leases of jobs still in flight to `lease` from now, in one transaction or round trip. False for a
    /// job whose lease was already lost.
    func renew(_ jobs: [ClaimedJob], lease: Duration) async throws -> [Bool]

    /// One of the client's jobs.
    func job(clientID: String, id: String) async throws -> Job?
    /// The client's jobs in `status`, newest first (on Redis, queued, sending and sent ones among its latest
    /// `RedisScripts.recentKept`).
    func jobs(clientID: String, status: JobStatus, limit: Int) async throws -> [Job]
    /// How many of the client's jobs are in `status`, counted up to `cap` (the same jobs `jobs` lists).
    func count(clientID: String, status: JobStatus, upTo cap: Int) async throws -> Int
    /// Queues a failed or dead job again with a fresh retry budget, from its primary integration again (its provider
    /// history emptied); nil when the client has no such job.
    func replay(clientID: String, id: String) async throws -> ReplayResult?

    /// The kept inputs of `channel`'s jobs that are not sealed under `keyID` (a sent job's input is dropped), a page
    /// from `cursor` (nil: the first); the next page's cursor, nil after the last. For key rotation.
    func sealedInputs(channel: String, notUnder keyID: String, from cursor: String?) async throws -> (inputs: [SealedValue], next: String?)
    /// Writes a job's re-sealed input unless it changed meanwhile (or was dropped); true when written.
    func replaceInput(id: String, with input: String, ifStill expected: String) async throws -> Bool

    func counts() async throws -> QueueCounts

    /// Deletes sent messages, dead letters (failed and dead messages) and idempotency keys older than the cutoffs.
    func purge(_ cutoffs: PurgeCutoffs) async throws -> PurgeCounts
    func close() async throws
}

extension JobQueue {
    /// Records how one claimed job ended.
    @discardableResult
    package func finish(_ claimed: ClaimedJob, _ outcome: JobOutcome) async throws -> Bool {
        try await finish([(claimed, outcome)])[0]
    }

    /// How long idempotency keys hold.
    package static var idempotencyWindow: TimeInterval { 24 * 60 * 60 }
}
