import Foundation

/// Re-seals the inputs of agent turns kept in the queue (waiting, retrying, in flight, failed or dead) under the
/// vault's current key, as part of `gateway keys rotate`: once the old key leaves the key file, a turn queued before the
/// rotation must still be delivered, and a dead one replayed. An input that changed meanwhile was written under the
/// current key; inputs no key opens are counted and left.
enum JobInputRotation {
    static func reseal(queue: any JobQueue, vault: Vault) async throws -> ResealCounts {
        let inputs = SealedJobInputs(vault: vault)
        var counts = ResealCounts()
        var cursor: String?
        repeat {
            let page = try await queue.sealedInputs(channel: IntegrationType.agent.rawValue, notUnder: vault.keys.current.id, from: cursor)
            for job in page.inputs {
                guard let resealed = try? inputs.reseal(job.value, clientID: job.clientID) else {
                    counts.unreadable += 1
                    continue
                }
                if try await queue.replaceInput(id: job.id, with: resealed, ifStill: job.value) { counts.resealed += 1 }
            }
            cursor = page.next
        } while cursor != nil
        return counts
    }
}
