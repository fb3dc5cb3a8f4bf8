/// What adding a job came to.
package enum EnqueueResult: Sendable {
    case created(Job)
    /// The idempotency key was used within the last 24 hours: the job it created, and the fingerprint it was used with.
    case existing(Job, fingerprint: String)
}
