package import Foundation

/// A client's automation: WHEN (`triggerType`, `triggerConfig`), IF (`conditionType`, `conditionConfig`), THEN
/// (`actionType`, `actionConfig`), as the seed names them.
package struct TriggerRecord: Sendable, Equatable {
    package let id: String
    package let clientID: String
    package var name: String
    package var description: String?
    package var triggerType: String
    package var triggerConfig: [String: JSONValue]
    package var conditionType: String
    package var conditionConfig: [String: JSONValue]
    package var actionType: String
    package var actionConfig: [String: JSONValue]
    package var active: Bool
    package let executionCount: Int
    package let lastExecutedAt: Date?
    package let createdAt: Date
    package var updatedAt: Date
}
