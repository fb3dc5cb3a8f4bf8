import Foundation

/// Work that follows a job of one channel once the provider took it: the conversation's outbound message learns its
/// provider id; an agent's reply is sent back. `output` is the provider's answer (nil when an in-doubt job was found
/// at the provider). It must not throw: the job went out whatever follows.
protocol SentFollowUp: Sendable {
    func sent(_ job: Job, providerMessageID: String?, output: Data?) async
}
