package import Foundation

/// The scheduler's shared state: the scan lease and the scans' cursors.
extension SQLStore: SchedulerStateStore {
    /// Takes or renews the lease `name` for `holder` until `now + duration`; false while another holder's lease runs.
    package func holdLease(_ name: String, holder: String, now: Date, for duration: TimeInterval) async throws -> Bool {
        try await database.transaction(.system) { connection in
            !(try connection.query(
                """
                INSERT INTO scheduler_leases (name, holder, expires_at) VALUES ($1, $2, $3)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE scheduler_leases.holder = excluded.holder OR scheduler_leases.expires_at <= $4
                RETURNING holder
                """,
                .text(name), .text(holder), .date(now.addingTimeInterval(duration)), .date(now)
            )).isEmpty
        }
    }

    /// How far the reader `name` has read (0 when it has not started).
    package func cursor(_ name: String) async throws -> Int64 {
        try await database.transaction(.system) { connection in
            try connection.query("SELECT position FROM scheduler_cursors WHERE name = $1", .text(name)).first.map { try $0.integer("position") } ?? 0
        }
    }

    /// Moves the reader forward (never back: another process may have read further).
    package func advanceCursor(_ name: String, to position: Int64) async throws {
        try await database.transaction(.system) { connection in
            try connection.query(
                """
                INSERT INTO scheduler_cursors (name, position) VALUES ($1, $2)
                ON CONFLICT (name) DO UPDATE SET position = CASE WHEN excluded.position > scheduler_cursors.position
                    THEN excluded.position ELSE scheduler_cursors.position END
                """,
                .text(name), .integer(position)
            )
        }
    }
}
