/// What asking to replay a job came to.
package enum ReplayResult: Sendable {
    /// Queued again, as it stood right then.
    case replayed(Job)
    /// Not failed or dead, so left as it is.
    case unchanged(Job)
}
