/// Whom a transaction acts for. On PostgreSQL it becomes the per-transaction settings the row-level security policies
/// read (`app.client_id`, `app.scope`); a connection with neither set sees no tenant rows.
package enum TenantScope: Sendable, Equatable {
    /// One client's rows only.
    case client(String)
    /// Every client's rows: migrations, key rotation, API key lookup before the tenant is known, operator commands.
    case system
}
