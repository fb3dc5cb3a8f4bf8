/// One versioned schema change, written once per dialect. Versions only grow; an applied migration never changes.
package struct Migration: Sendable {
    package let version: Int
    package let name: String
    let sqlite: String
    let postgres: String

    func script(for backend: SQLDatabase.Backend) -> String {
        backend == .sqlite ? sqlite : postgres
    }
}
