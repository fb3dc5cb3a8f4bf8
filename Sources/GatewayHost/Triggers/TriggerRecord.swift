package import Foundation

/// A client's automation: its WHEN, IF and THEN (`definition`), as the seed names them, and its bookkeeping.
package struct TriggerRecord: Sendable, Equatable {
    package let id: String
    package let clientID: String
    package var name: String
    package var description: String?
    package var definition: TriggerDefinition
    package var active: Bool
    package let executionCount: Int
    package let lastExecutedAt: Date?
    package var createdAt: Date
    package var updatedAt: Date

    var when: TriggerWhen { definition.when }
    var condition: TriggerCondition { definition.condition }
    var action: TriggerAction { definition.action }

    /// A time-based trigger's reference time and delay; nil for other triggers.
    var delay: (reference: ConversationField, seconds: Int)? {
        guard case .timeBased(let reference, let seconds) = when else { return nil }
        return (reference, seconds)
    }
}
