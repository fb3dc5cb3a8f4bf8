/// Which of a client's integrations of one type sends: the primary, unless a send fails over to one of the fallbacks
/// the primary names.
package enum IntegrationRole: String, Sendable, Codable {
    case primary
    case fallback
}
