/// A request over one of the client's limits: which bucket, and when it may come again.
package struct RateLimitError: Error, Sendable, CustomStringConvertible {
    /// The bucket as it stands (the answer's `RateLimit` headers say so).
    let taken: RequestLimits.Taken
    package var wait: Duration { taken.decision.wait ?? .zero }

    package var description: String { "over the \(taken.name) limit of \(taken.perMinute) a minute" }
}
