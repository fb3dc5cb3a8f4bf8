/// The SQL that arms time-based triggers' timers: for each (trigger, conversation) the conversation's reference time
/// (the column the trigger names) and when it falls due (reference + delay), computed by the database over its
/// indexes, never by loading conversations. Date arithmetic is each backend's own.
enum TriggerTimerSQL {
    /// The conversation `c`'s reference time for the trigger `t`.
    static let reference = """
        CASE t.reference_field WHEN 'last_message_at' THEN c.last_message_at WHEN 'last_inbound_at' THEN c.last_inbound_at \
        WHEN 'last_outbound_at' THEN c.last_outbound_at ELSE c.created_at END
        """

    /// When the timer falls due: the reference plus the trigger's delay, in the form the backend stores times.
    static func due(_ backend: SQLDatabase.Backend) -> String {
        switch backend {
        case .sqlite: "strftime('%Y-%m-%dT%H:%M:%fZ', \(reference), '+' || t.delay_seconds || ' seconds')"
        case .postgres: "(\(reference)) + t.delay_seconds * interval '1 second'"
        }
    }

    /// Arms (or moves) timers for the active time-based triggers and conversations `scope` selects, unless that
    /// episode (trigger, conversation, reference time) has already run.
    static func arm(_ backend: SQLDatabase.Backend, scope: String) -> String {
        """
        INSERT INTO trigger_timers (trigger_id, conversation_id, client_id, reference_at, due_at)
        SELECT t.id, c.id, c.client_id, \(reference), \(due(backend)) FROM triggers t JOIN conversations c ON c.client_id = t.client_id
        WHERE \(scope) AND t.trigger_type = 'time_based' AND t.active = 1 AND (\(reference)) IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM trigger_executions e WHERE e.trigger_id = t.id AND e.conversation_id = c.id AND e.episode_at = (\(reference)))
        ON CONFLICT (trigger_id, conversation_id) DO UPDATE SET reference_at = excluded.reference_at, due_at = excluded.due_at, claimed_until = NULL
        """
    }
}
