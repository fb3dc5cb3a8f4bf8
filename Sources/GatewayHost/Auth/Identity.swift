/// Who made a request, once authenticated.
package struct Identity: Sendable, Equatable {
    /// The client the credential belongs to.
    package let clientID: String
    package let role: Role
    /// For the audit log: `user:<sub>` for a token, `key:<id>` for an API key.
    package let actor: String
}
