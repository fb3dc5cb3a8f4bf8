import Foundation
import Testing

@testable import GatewayHost

@Suite struct RecordIDTests {
    @Test func testIdsAreDistinctVersion4UUIDsInLowerCase() throws {
        let ids = (0..<10_000).map { _ in RecordID.random() }
        #expect(Set(ids).count == ids.count)
        let shape = try Regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        #expect(ids.allSatisfy { $0.wholeMatch(of: shape) != nil })
        // Every random bit varies: no byte is stuck across the ids (the fixed version and variant bits aside).
        let columns = ids.map { Array($0.replacingOccurrences(of: "-", with: "")) }
        for position in 0..<32 where position != 12 && position != 16 {
            #expect(Set(columns.map { $0[position] }).count == 16, "hex digit \(position)")
        }
    }
}
