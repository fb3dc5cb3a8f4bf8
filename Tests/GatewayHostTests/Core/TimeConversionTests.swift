import Foundation
import Testing

@testable import GatewayHost

/// The host's conversions of times to integers hold whatever the value: no date or duration traps them.
@Suite struct TimeConversionTests {
    @Test func millisecondsSince1970StayWithinInt64() {
        #expect(Date(timeIntervalSince1970: 1.5).millisecondsSince1970 == 1_500)
        #expect(Date(timeIntervalSince1970: -1.5).millisecondsSince1970 == -1_500)
        #expect(Date(timeIntervalSince1970: 1e19).millisecondsSince1970 == .max)
        #expect(Date(timeIntervalSince1970: -1e19).millisecondsSince1970 == .min)
        #expect(Date(timeIntervalSince1970: .infinity).millisecondsSince1970 == .max)
        #expect(Date(timeIntervalSince1970: .nan).millisecondsSince1970 == 0)
    }

    @Test func secondsRoundUp() {
        #expect(Duration.seconds(3).secondsRoundedUp == 3)
        #expect(Duration.milliseconds(3_001).secondsRoundedUp == 4)
        #expect(Duration.milliseconds(1).secondsRoundedUp == 1)
        #expect(Duration.zero.secondsRoundedUp == 0)
    }
}
