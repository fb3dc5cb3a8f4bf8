import Foundation

/// How a channel's jobs keep their input: in clear (sends: the API's request, dropped once sent), or sealed with the
/// vault (agent turns: a contact's phone and words, which the store keeps sealed), opened only for the provider call.
protocol JobInputSealing: Sendable {
    func seal(_ input: Data, clientID: String) throws -> String
    func open(_ job: Job) throws -> Data
}

/// Agent turns' inputs, sealed to their client.
struct SealedJobInputs: JobInputSealing {
    let vault: Vault

    private static func context(_ clientID: String) -> String {
        "job.input:\(clientID)"
    }

    func seal(_ input: Data, clientID: String) throws -> String {
        try vault.seal(input, context: Self.context(clientID))
    }

    func open(_ job: Job) throws -> Data {
        try vault.open(job.input, context: Self.context(job.clientID))
    }

    /// A sealed input under the vault's current key.
    func reseal(_ input: String, clientID: String) throws -> String {
        try vault.seal(try vault.open(input, context: Self.context(clientID)), context: Self.context(clientID))
    }
}
