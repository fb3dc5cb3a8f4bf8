import HTTPTypes

/// How an answer says where the client's buckets stand.
extension RequestLimits {
    static let policyHeader = HTTPField.Name("RateLimit-Policy")!
    static let stateHeader = HTTPField.Name("RateLimit")!

    /// The headers for the buckets taken (draft-ietf-httpapi-ratelimit-headers: `"name";q=limit;w=60` and
    /// `"name";r=remaining;t=seconds until full`).
    static func headers(_ taken: [Taken]) -> HTTPFields {
        var headers = HTTPFields()
        guard !taken.isEmpty else { return headers }
        headers[policyHeader] = taken.map { #""\#($0.name)";q=\#($0.perMinute);w=60"# }.joined(separator: ", ")
        headers[stateHeader] =
            taken.map { #""\#($0.name)";r=\#($0.decision.remaining);t=\#($0.decision.reset.secondsRoundedUp)"# }.joined(separator: ", ")
        return headers
    }
}
