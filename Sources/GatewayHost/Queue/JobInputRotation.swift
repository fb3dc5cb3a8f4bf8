import Foundation

/// Re-seals the inputs of jobs kept in the queue (waiting, retrying, in flight, failed or dead) under the vault's
/// current key, as part of `gateway keys rotate`: once the old key leaves the key file, a job queued before the
/// rotation must still be delivered, and a dead one replayed. An input that changed meanwhile was written under the
/// current key; inputs no key opens are counted and left, and so are inputs queued in clear before sends were sealed.
enum JobInputRotation {
    static func reseal(queue: any JobQueue, vault: Vault) async throws -> ResealCounts {
        let inputs = SealedJobInputs(vault: vault)
        var counts = ResealCounts()
        for channel in [IntegrationType.agent, .whatsapp, .sms, .email] {
            try await reseal(channel, queue: queue, inputs: inputs, counts: &counts)
        }
        return counts
    }

    private static func reseal(_ channel: IntegrationType, queue: any JobQueue, inputs: SealedJobInputs, counts: inout ResealCounts) async throws {
        var cursor: String?
        repeat {
            let page = try await queue.sealedInputs(channel: channel.rawValue, notUnder: inputs.vault.keys.current.id, from: cursor)
            for job in page.inputs where Vault.isSealed(job.value) {
                guard let resealed = try? inputs.reseal(job.value, clientID: job.clientID) else {
                    counts.unreadable += 1
                    continue
                }
                if try await queue.replaceInput(id: job.id, with: resealed, ifStill: job.value) { counts.resealed += 1 }
            }
            cursor = page.next
        } while cursor != nil
    }
}
