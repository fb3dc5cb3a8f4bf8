import Foundation

/// Work that follows a job of one channel once the provider took it: the conversation's outbound message learns its
/// provider id; an agent's reply is sent back. `input` is what the provider was given (opened when sealed) and `output`
/// its answer; both are nil when an in-doubt job was found at the provider. It must not throw: the job went out
/// whatever follows.
protocol SentFollowUp: Sendable {
    func sent(_ job: Job, input: Data?, providerMessageID: String?, output: Data?) async
}
