/// A trigger's WHEN, IF and THEN: as the client wrote them (stored, and shown back letter for letter) and parsed, with
/// every rule checked, into what the scheduler, the simulation and the actions switch over. Built at the API edge and
/// when a trigger is read back from storage; both go through this one parser.
package struct TriggerDefinition: Sendable, Equatable {
    package let triggerConfig: [String: JSONValue]
    package let conditionConfig: [String: JSONValue]
    package let actionConfig: [String: JSONValue]
    let when: TriggerWhen
    let condition: TriggerCondition
    let action: TriggerAction
    /// `business_hours: true` beside the THEN: outside the client's business hours the action waits for them.
    let inBusinessHoursOnly: Bool

    init(
        triggerType: String, triggerConfig: [String: JSONValue], conditionType: String, conditionConfig: [String: JSONValue], actionType: String,
        actionConfig: [String: JSONValue]
    ) throws(TriggerError) {
        when = try TriggerWhen(type: triggerType, config: triggerConfig)
        condition = try TriggerCondition(type: conditionType, config: conditionConfig)
        action = try TriggerAction(type: actionType, config: actionConfig)
        inBusinessHoursOnly = actionConfig["business_hours"] == .bool(true)
        self.triggerConfig = triggerConfig
        self.conditionConfig = conditionConfig
        self.actionConfig = actionConfig
    }
}
