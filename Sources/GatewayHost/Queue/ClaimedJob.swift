/// A job as a worker holds it: the lease token proves the job is still this worker's when it reports the outcome.
package struct ClaimedJob: Sendable {
    package let job: Job
    package let leaseToken: String
    /// True when an earlier worker's lease ran out (or it handed the job back) mid-call: the provider may already have
    /// the message.
    package let inDoubt: Bool
}
