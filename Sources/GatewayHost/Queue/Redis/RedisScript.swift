import Crypto
import Foundation

/// A Lua script run by its SHA-1 (`EVALSHA`), so its text crosses the wire only the first time a Redis sees it.
package struct RedisScript: Sendable {
    package let source: String
    package let sha: String

    package init(_ source: String) {
        self.source = source
        sha = Insecure.SHA1.hash(data: Array(source.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The command that runs the script with `arguments` (no keys: every key is built from the prefix argument).
    func evalSHA(_ arguments: [String]) -> [String] {
        ["EVALSHA", sha, "0"] + arguments
    }

    func eval(_ arguments: [String]) -> [String] {
        ["EVAL", source, "0"] + arguments
    }
}
