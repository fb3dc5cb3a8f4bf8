/// Every domain's store, built once from the opened database: the composition root hands each service only the stores
/// it uses, so what a part can touch is in its initializer.
package struct Stores: Sendable {
    let clients: any ClientStore
    let audit: any AuditLog
    let credentials: any CredentialStore
    let integrations: any IntegrationStore
    let webhookRoutes: any WebhookRouteStore
    let inbound: any InboundStore
    let conversations: any ConversationStore
    let events: any EventLog
    let outbound: any OutboundStore
    let sealedColumns: any SealedColumnStore
    let triggers: any TriggerStore
    let triggerRuns: any TriggerRunStore
    let schedulerState: any SchedulerStateStore
    let businessHours: any BusinessHoursStore
    let templates: any TemplateStore
    let agentSettings: any AgentSettingsStore
    let turns: any TurnStore
    let activity: any ActivityStore

    /// Every store on one SQL database (SQLite or PostgreSQL), so the inbound write stays one transaction.
    init(sql store: SQLStore) {
        clients = store
        audit = store
        credentials = store
        integrations = store
        webhookRoutes = store
        inbound = store
        conversations = store
        events = store
        outbound = store
        sealedColumns = store
        triggers = store
        triggerRuns = store
        schedulerState = store
        businessHours = store
        templates = store
        agentSettings = store
        turns = store
        activity = store
    }
}
