import Foundation

/// A client's triggers: created, changed, switched and deleted with every rule checked, so what is stored can run.
/// Another client's trigger is not found.
final class TriggerService: Sendable {
    let store: any TriggerStore
    let runs: any TriggerRunStore
    let conversations: any ConversationStore
    /// For a condition-based trigger's baseline: its condition evaluated as the scheduler does.
    let actions: TriggerActions
    /// Stamps saves, and is the `now` of simulations and baselines.
    let clock: WallClock
    /// The keywords of a client's active triggers, read on every inbound message: another process's change applies
    /// within two seconds, this one's at once.
    private let cachedKeywords = ExpiringCache<String, Set<String>>(ttl: .seconds(2))

    init(store: any TriggerStore, runs: any TriggerRunStore, conversations: any ConversationStore, actions: TriggerActions, clock: WallClock) {
        self.store = store
        self.clock = clock
        self.runs = runs
        self.conversations = conversations
        self.actions = actions
    }

    /// The body of `POST` and `PUT /api/triggers`: every field optional for `PUT` (only those given change).
    struct Body: Codable, Sendable {
        let name: String?
        let description: String?
        let trigger_type: String?
        let trigger_config: [String: JSONValue]?
        let condition_type: String?
        let condition_config: [String: JSONValue]?
        let action_type: String?
        let action_config: [String: JSONValue]?
        let active: Bool?
    }

    /// The most triggers one client keeps: every scan of the event log reads them all.
    static let maxPerClient = 500

    func create(clientID: String, _ body: Body) async throws -> TriggerRecord {
        let trigger = try draft(clientID: clientID, body)
        guard try await store.triggerCount(clientID: clientID) < Self.maxPerClient else {
            throw TriggerError.invalid("a client keeps at most \(Self.maxPerClient) triggers; delete one first", field: "trigger_type")
        }
        try await save(trigger)
        return trigger
    }

    /// The trigger the body describes, every rule checked, not saved (what `POST /api/triggers/test` simulates).
    func draft(clientID: String, _ body: Body) throws -> TriggerRecord {
        guard let triggerText = body.trigger_type else { throw TriggerError.invalid("trigger_type is required", field: "trigger_type") }
        guard let actionText = body.action_type else { throw TriggerError.invalid("action_type is required", field: "action_type") }
        let name = body.name ?? "\(triggerText): \(actionText)"
        try Self.check(name: name, description: body.description)
        let definition = try Self.definition(
            triggerType: triggerText, triggerConfig: body.trigger_config ?? [:],
            conditionType: body.condition_type ?? ConditionType.always.rawValue, conditionConfig: body.condition_config ?? [:],
            actionType: actionText, actionConfig: body.action_config ?? [:])
        let now = clock.now
        return TriggerRecord(
            id: RecordID.make(), clientID: clientID, name: name, description: body.description, definition: definition, active: body.active ?? true,
            executionCount: 0, lastExecutedAt: nil, createdAt: now, updatedAt: now
        )
    }

    func trigger(clientID: String, id: String) async throws -> TriggerRecord {
        guard let trigger = try await store.trigger(clientID: clientID, id: id) else { throw TriggerError.notFound }
        return trigger
    }

    /// `active` is `true`, `false` or absent (all).
    func triggers(clientID: String, active: String?) async throws -> [TriggerRecord] {
        let filter: Bool?
        switch active {
        case nil: filter = nil
        case "true": filter = true
        case "false": filter = false
        default: throw TriggerError.invalid("active must be true or false", field: "active")
        }
        return try await store.triggers(clientID: clientID, active: filter)
    }

    /// Changes only the fields given; the result must keep every rule.
    func update(clientID: String, id: String, _ body: Body) async throws -> TriggerRecord {
        var trigger = try await trigger(clientID: clientID, id: id)
        if let name = body.name { trigger.name = name }
        if let description = body.description { trigger.description = description }
        if let active = body.active { trigger.active = active }
        try Self.check(name: trigger.name, description: trigger.description)
        let old = trigger.definition
        trigger.definition = try Self.definition(
            triggerType: body.trigger_type ?? old.when.type.rawValue, triggerConfig: body.trigger_config ?? old.triggerConfig,
            conditionType: body.condition_type ?? old.condition.type.rawValue, conditionConfig: body.condition_config ?? old.conditionConfig,
            actionType: body.action_type ?? old.action.type.rawValue, actionConfig: body.action_config ?? old.actionConfig)
        trigger.updatedAt = clock.now
        try await save(trigger)
        return trigger
    }

    func toggle(clientID: String, id: String, active: Bool) async throws -> TriggerRecord {
        var trigger = try await trigger(clientID: clientID, id: id)
        trigger.active = active
        trigger.updatedAt = clock.now
        try await save(trigger)
        return trigger
    }

    /// The keywords an inbound message is matched against (`TriggerKeywords`).
    func keywords(clientID: String) async throws -> Set<String> {
        try await cachedKeywords.value(for: clientID) { TriggerKeywords.of(try await store.triggers(clientID: clientID, active: true)) }
    }

    func delete(clientID: String, id: String) async throws {
        guard try await store.deleteTrigger(clientID: clientID, id: id) else { throw TriggerError.notFound }
        cachedKeywords.forget(clientID)
    }

    /// Saves the trigger. A condition-based one takes the conversations its condition holds for now as its baseline:
    /// only one that starts to satisfy it later fires it.
    private func save(_ trigger: TriggerRecord) async throws {
        try await store.saveTrigger(trigger)
        cachedKeywords.forget(trigger.clientID)
        guard case .conditionBased(let condition) = trigger.when else { return }
        var holding: [String] = []
        var after = ""
        while trigger.active {
            let page = try await conversations.conversations(
                clientID: trigger.clientID, afterID: after, limit: TriggerScheduler.batch, matching: ConversationPrefilter(condition))
            for conversation in page {
                let conditions = ConditionEvaluator(
                    conversation: conversation, contactName: await actions.contactName(conversation, if: condition.readsContactName), event: nil,
                    now: clock.now
                )
                if (try? conditions.holds(condition)) == true { holding.append(conversation.id) }
            }
            guard page.count == TriggerScheduler.batch, let last = page.last else { break }
            after = last.id
        }
        try await runs.resetConditionStates(clientID: trigger.clientID, trigger: trigger.id, holding: holding)
    }

    private static func check(name: String, description: String?) throws(TriggerError) {
        guard (1...200).contains(TextRules.length(name)) else { throw .invalid("name must be 1 to 200 characters", field: "name") }
        guard TextRules.length(description ?? "") <= 2_000 else { throw .invalid("description may hold at most 2000 characters", field: "description") }
    }

    /// The WHEN, IF and THEN parsed, after each config's size and nesting are checked (free-form JSON is parsed only
    /// within bounds).
    private static func definition(
        triggerType: String, triggerConfig: [String: JSONValue], conditionType: String, conditionConfig: [String: JSONValue], actionType: String,
        actionConfig: [String: JSONValue]
    ) throws(TriggerError) -> TriggerDefinition {
        let configs = ["action_config": actionConfig, "condition_config": conditionConfig, "trigger_config": triggerConfig]
        for (field, config) in configs.sorted(by: { $0.key < $1.key }) {
            guard IntegrationRecord.configText(config).utf8.count <= maxConfigBytes else {
                throw .invalid("\(field) may hold at most \(maxConfigBytes / 1024) KiB", field: field)
            }
            guard JSONValue.object(config).nesting <= maxConfigNesting else {
                throw .invalid("\(field) may nest at most \(maxConfigNesting) deep", field: field)
            }
        }
        return try TriggerDefinition(
            triggerType: triggerType, triggerConfig: triggerConfig, conditionType: conditionType, conditionConfig: conditionConfig,
            actionType: actionType, actionConfig: actionConfig)
    }

    static let maxConfigBytes = 16 * 1024
    /// Deep enough for conditions grouped `ConditionExpression.maxDepth` deep (each group is an object holding a list).
    static let maxConfigNesting = 2 * ConditionExpression.maxDepth + 4
}
