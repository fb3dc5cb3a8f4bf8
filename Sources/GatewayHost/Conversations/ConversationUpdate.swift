/// A conversation's new status or lead, with what caused it, and the events it writes: the store applies it in the
/// transaction that changes the row, so the events and the change are one.
package struct ConversationUpdate: Sendable {
    package var status: ConversationStatus?
    package var lead: Lead?
    /// Joins each event's data (a trigger's id and chain depth).
    package var cause: [String: JSONValue]

    /// The status and lead the update leaves: what it names, the rest as before.
    func applied(to before: ConversationRecord) -> (status: ConversationStatus, lead: Lead) {
        (status ?? before.status, lead ?? before.lead)
    }

    /// `conversation_status_changed` when the status moves, `lead_updated` when the lead does.
    func events(from before: ConversationRecord) -> [(type: String, data: [String: JSONValue])] {
        let after = applied(to: before)
        var events: [(type: String, data: [String: JSONValue])] = []
        if after.status != before.status {
            let moved: [String: JSONValue] = ["from": .string(before.status.rawValue), "to": .string(after.status.rawValue)]
            events.append(("conversation_status_changed", cause.merging(moved) { $1 }))
        }
        if after.lead != before.lead {
            events.append(("lead_updated", cause.merging(["lead": after.lead.json]) { $1 }))
        }
        return events
    }
}
