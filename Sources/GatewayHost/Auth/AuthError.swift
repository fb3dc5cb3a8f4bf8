/// Why a token exchange was refused; the HTTP edge maps each code to the envelope.
package struct AuthError: Error, Sendable, CustomStringConvertible {
    package enum Code: Sendable, Equatable {
        /// The credential is missing, wrong, spent or revoked.
        case unauthorized
        /// The credential is valid but may not do this.
        case forbidden
    }

    package let code: Code
    package let message: String

    package var description: String { message }
}
