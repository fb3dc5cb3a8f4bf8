/// What a caller may do: a `client` acts for its own client only; an `admin` may act for any client (`?client_id=`)
/// and manage clients.
public enum Role: String, Sendable, Codable, CaseIterable {
    case client
    case admin
}
