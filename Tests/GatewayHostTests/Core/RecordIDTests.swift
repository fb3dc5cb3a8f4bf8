import Foundation
import Testing

@testable import GatewayHost

@Suite struct RecordIDTests {
    @Test func testIdsAreDistinctVersion7UUIDsInLowerCase() throws {
        let ids = (0..<10_000).map { _ in RecordID.make() }
        #expect(Set(ids).count == ids.count)
        let shape = try Regex("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        #expect(ids.allSatisfy { $0.wholeMatch(of: shape) != nil })
        // The random bits vary: no hex digit after the time is stuck across the ids (the version and variant aside).
        let digits = ids.map { Array($0.replacingOccurrences(of: "-", with: "")) }
        for position in 13..<32 where position != 16 {
            #expect(Set(digits.map { $0[position] }).count == 16, "hex digit \(position)")
        }
    }

    @Test func testIdsCarryTheirMillisecondAndSortByIt() {
        let start = Date(timeIntervalSince1970: 1_790_000_000.5)
        let times = (0..<50).map { start.addingTimeInterval(Double($0) * 0.002) }  // 2 ms apart: rounding cannot give two the same millisecond
        let ids = times.map { RecordID.make(at: $0) }
        #expect(ids == ids.sorted())
        // 1,790,000,000,500 ms is 0x01a0c4506df4.
        #expect(ids[0].hasPrefix("01a0c450-6df4-7"), "\(ids[0])")
    }
}
