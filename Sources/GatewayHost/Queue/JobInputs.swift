import Foundation

/// How jobs keep their input: sealed with the vault to their client (a send's phone, address, subject and text, an
/// agent turn's contact and words), in SQL, Redis and dead letters alike, opened only for the provider call.
protocol JobInputSealing: Sendable {
    func seal(_ input: Data, clientID: String) throws -> String
    func open(_ job: Job) throws -> Data
}

/// Job inputs sealed to their client. A job queued before send inputs were sealed is read as it was written.
struct SealedJobInputs: JobInputSealing {
    let vault: Vault

    private static func context(_ clientID: String) -> String {
        "job.input:\(clientID)"
    }

    func seal(_ input: Data, clientID: String) throws -> String {
        try vault.seal(input, context: Self.context(clientID))
    }

    func open(_ job: Job) throws -> Data {
        guard Vault.isSealed(job.input) else { return Data(job.input.utf8) }
        return try vault.open(job.input, context: Self.context(job.clientID))
    }

    /// A sealed input under the vault's current key.
    func reseal(_ input: String, clientID: String) throws -> String {
        try vault.seal(try vault.open(input, context: Self.context(clientID)), context: Self.context(clientID))
    }
}
