/// One line of `gateway provider-test`: what was checked, whether it held, and what was seen.
public struct HarnessCheck: Sendable {
    public let name: String
    public let passed: Bool
    public let detail: String

    static func pass(_ name: String, _ detail: String = "") -> HarnessCheck { HarnessCheck(name: name, passed: true, detail: detail) }
    static func fail(_ name: String, _ detail: String) -> HarnessCheck { HarnessCheck(name: name, passed: false, detail: detail) }

    /// `PASS name (detail)` / `FAIL name: detail`.
    public var line: String {
        passed ? "PASS \(name)\(detail.isEmpty ? "" : " (\(detail))")" : "FAIL \(name): \(detail)"
    }
}
