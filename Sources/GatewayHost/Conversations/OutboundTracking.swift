import Foundation
import Logging

/// Once a send went out, its conversation row learns the provider's message id (delivery receipts find it by that)
/// and its sent time.
struct OutboundTracking: SentFollowUp {
    let store: any OutboundStore
    let logger: Logger

    func sent(_ job: Job, input: Data?, providerMessageID: String?, output: Data?) async {
        do {
            try await store.markOutboundSent(clientID: job.clientID, messageID: job.id, providerMessageID: providerMessageID, at: Date())
        } catch {
            logger.warning("sent message not marked in its conversation", metadata: ["message.id": "\(job.id)", "error.message": "\(error)"])
        }
    }
}
