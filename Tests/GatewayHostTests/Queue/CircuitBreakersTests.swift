@testable import GatewayHost
import Testing

/// The circuit breaker's states, on an explicit clock.
@Suite struct CircuitBreakersTests {
    @Test func opensAfterConsecutiveFailuresHoldsJobsThenLetsOneProbeThrough() {
        let breakers = CircuitBreakers(threshold: 3, openFor: .seconds(60))
        let start = ContinuousClock.now
        for _ in 0..<2 {
            #expect(breakers.admit("i1", provider: "uazapi", now: start) == .allowed)
            #expect(breakers.record("i1", failed: true, now: start) == .closed)
        }
        #expect(breakers.record("i1", failed: false, now: start) == .closed, "a success resets the count")
        for _ in 0..<3 { breakers.record("i1", failed: true, now: start) }
        #expect(breakers.state("i1", now: start) == .open)
        #expect(breakers.admit("i1", provider: "uazapi", now: start + .seconds(10)) == .wait(.seconds(50)))
        #expect(breakers.admit("other", provider: "uazapi", now: start) == .allowed, "circuits are per integration")
        #expect(breakers.openCircuitsByProvider(now: start) == ["uazapi": 1])

        let later = start + .seconds(61)
        #expect(breakers.admit("i1", provider: "uazapi", now: later) == .allowed, "one probe")
        #expect(breakers.state("i1", now: later) == .halfOpen)
        #expect(breakers.admit("i1", provider: "uazapi", now: later) == .wait(CircuitBreakers.probeWait), "only one probe at a time")
        #expect(breakers.record("i1", failed: true, now: later) == .open, "a failed probe opens it again")
        #expect(breakers.admit("i1", provider: "uazapi", now: later + .seconds(30)) == .wait(.seconds(30)))

        let muchLater = later + .seconds(61)
        #expect(breakers.admit("i1", provider: "uazapi", now: muchLater) == .allowed)
        #expect(breakers.record("i1", failed: false, now: muchLater) == .closed, "a good probe closes it")
        #expect(breakers.admit("i1", provider: "uazapi", now: muchLater) == .allowed)
        #expect(breakers.openCircuitsByProvider(now: muchLater).isEmpty)
    }
}
