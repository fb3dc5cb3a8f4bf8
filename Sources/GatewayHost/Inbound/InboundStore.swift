/// Records webhook deliveries with their events, contacts, conversations and messages: each delivery in one
/// transaction shared with the others of its batch (group commit), a failing one refused alone.
package protocol InboundStore: Sendable {
    func record(_ deliveries: [InboundDelivery]) async throws -> [Result<InboundOutcome, StoreError>]
}
