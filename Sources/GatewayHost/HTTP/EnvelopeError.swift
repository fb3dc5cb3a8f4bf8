/// A domain error the HTTP edge renders in the envelope: services throw their own errors, and each says here how it
/// reads to an API caller.
protocol EnvelopeError: Error {
    var envelope: GatewayError { get }
}
