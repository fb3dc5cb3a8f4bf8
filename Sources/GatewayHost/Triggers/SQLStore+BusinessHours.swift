package import Foundation

/// Each client's business hours, and moving a timer that fell due outside them.
extension SQLStore: BusinessHoursStore {
    package func businessHours(clientID: String) async throws -> BusinessHours? {
        try await database.transaction(.client(clientID)) { connection in
            try connection.query("SELECT timezone, windows FROM business_hours WHERE client_id = $1", .text(clientID)).first.map { row in
                BusinessHours(
                    timezone: try row.string("timezone"),
                    windows: (try? JSONDecoder().decode([BusinessHours.Window].self, from: Data(try row.string("windows").utf8))) ?? []
                )
            }
        }
    }

    package func saveBusinessHours(clientID: String, _ hours: BusinessHours) async throws {
        let windows = String(decoding: try JSONEncoder().encode(hours.windows), as: UTF8.self)
        try await database.transaction(.client(clientID)) { connection in
            try connection.query(
                """
                INSERT INTO business_hours (client_id, timezone, windows, updated_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (client_id) DO UPDATE SET timezone = excluded.timezone, windows = excluded.windows, updated_at = excluded.updated_at
                """,
                .text(clientID), .text(hours.timezone), .text(windows), .date(Date())
            )
        }
    }

    /// Moves a claimed timer to `due` (the next window) and releases its claim, unless it was armed again meanwhile.
    package func deferTimer(_ timer: TriggerTimer, to due: Date) async throws {
        try await database.transaction(.client(timer.clientID)) { connection in
            try connection.query(
                "UPDATE trigger_timers SET due_at = $4, claimed_until = NULL WHERE trigger_id = $1 AND conversation_id = $2 AND reference_at = $3",
                .text(timer.triggerID), .text(timer.conversationID), .text(timer.episode), .date(due)
            )
        }
    }
}
