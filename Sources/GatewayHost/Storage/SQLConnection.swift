/// One open database connection. Every call blocks, so it is only ever used on a store thread, never on an event loop
/// or the Swift concurrency pool. Statements use `$1`, `$2` ... placeholders on both backends.
package protocol SQLConnection: AnyObject {
    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue]) throws(StoreError) -> [SQLRow]
    /// Runs a script of several statements without parameters (migrations).
    func executeScript(_ sql: String) throws(StoreError)
}

extension SQLConnection {
    @discardableResult
    package func query(_ sql: String, _ parameters: SQLValue...) throws(StoreError) -> [SQLRow] {
        try query(sql, parameters)
    }
}
