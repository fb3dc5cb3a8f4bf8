package import Foundation

/// A client's automation: WHEN (`triggerType`, `triggerConfig`), IF (`conditionType`, `conditionConfig`), THEN
/// (`actionType`, `actionConfig`), as the seed names them.
package struct TriggerRecord: Sendable, Equatable {
    package let id: String
    package let clientID: String
    package var name: String
    package var description: String?
    package var triggerType: TriggerType
    package var triggerConfig: [String: JSONValue]
    package var conditionType: ConditionType
    package var conditionConfig: [String: JSONValue]
    package var actionType: ActionType
    package var actionConfig: [String: JSONValue]
    package var active: Bool
    package let executionCount: Int
    package let lastExecutedAt: Date?
    package var createdAt: Date
    package var updatedAt: Date
}

extension TriggerRecord {
    /// A time-based trigger's reference column and delay; nil for other triggers.
    package var delay: (referenceField: String, seconds: Int)? {
        guard triggerType == .timeBased, let field = triggerConfig["reference_field"]?.stringValue.flatMap(TriggerRules.conversationField) else {
            return nil
        }
        let units: [(String, Int)] = [("delay_days", 86_400), ("delay_hours", 3_600), ("delay_minutes", 60)]
        guard let (key, unit) = units.first(where: { triggerConfig[$0.0] != nil }), let amount = triggerConfig[key]?.intValue else { return nil }
        return (field, Int(amount) * unit)
    }
}
