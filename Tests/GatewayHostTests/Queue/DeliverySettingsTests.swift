@testable import GatewayHost
import Testing

/// The delivery keys of the environment: read when well-formed, refused by name when not.
@Suite struct DeliverySettingsTests {
    @Test func readsTheDeliveryKeys() throws {
        let configuration = try GatewayConfiguration.fromEnvironment(
            [
                "REDIS_URL": "redis://:pw@127.0.0.1:6380/2", "GATEWAY_WORKERS": "32", "GATEWAY_SEND_TIMEOUT_MS": "5000", "GATEWAY_QUEUE_LEASE_MS": "20000",
                "GATEWAY_RETRY_BACKOFF_MS": "100, 200", "GATEWAY_CIRCUIT_FAILURES": "3", "GATEWAY_CIRCUIT_OPEN_MS": "1000",
            ],
            buildDirectory: "/tmp"
        )
        #expect(configuration.redisURL == "redis://:pw@127.0.0.1:6380/2")
        #expect(configuration.delivery.concurrency == 32 && configuration.delivery.sendTimeout == .seconds(5) && configuration.delivery.lease == .seconds(20))
        #expect(configuration.delivery.retryBackoff == [.milliseconds(100), .milliseconds(200)])
        #expect(configuration.delivery.circuitThreshold == 3 && configuration.delivery.circuitOpenFor == .seconds(1))
        let address = try RedisAddress(url: try #require(configuration.redisURL))
        #expect(address.host == "127.0.0.1" && address.port == 6380 && address.password == "pw" && address.database == 2)
    }

    @Test(arguments: [
        ("GATEWAY_WORKERS", "many"), ("GATEWAY_WORKERS", "-1"), ("GATEWAY_SEND_TIMEOUT_MS", "0"), ("GATEWAY_RETRY_BACKOFF_MS", "1,x"),
        ("GATEWAY_QUEUE_LEASE_MS", "32000"),
        ("GATEWAY_RETRY_BACKOFF_MS", ""), ("GATEWAY_CIRCUIT_FAILURES", "0"),
        ("GATEWAY_RETENTION_EVENT_DAYS", "6"),  // webhook dedup keys live at least 7 days
    ])
    func aMalformedValueIsRefusedNamingItsKey(key: String, value: String) {
        #expect(throws: ConfigurationError.self) { try GatewayConfiguration.fromEnvironment([key: value], buildDirectory: "/tmp") }
        do {
            _ = try GatewayConfiguration.fromEnvironment([key: value], buildDirectory: "/tmp")
        } catch {
            #expect(error.key == key)
        }
    }

    @Test func aLeaseNoLongerThanACallAndItsGraceIsRefused() {
        let environment = ["GATEWAY_SEND_TIMEOUT_MS": "1000", "GATEWAY_PLUGIN_GRACE_MS": "500", "GATEWAY_QUEUE_LEASE_MS": "1500"]
        do {
            _ = try GatewayConfiguration.fromEnvironment(environment, buildDirectory: "/tmp")
            Issue.record("a 1500 ms lease for a 1000 ms call with 500 ms of grace was accepted")
        } catch {
            #expect(error.description == "GATEWAY_QUEUE_LEASE_MS=1500 is not a valid value: it must be longer than GATEWAY_SEND_TIMEOUT_MS plus GATEWAY_PLUGIN_GRACE_MS (1500 ms)")
        }
        #expect((try? GatewayConfiguration.fromEnvironment(environment.merging(["GATEWAY_QUEUE_LEASE_MS": "1501"]) { $1 }, buildDirectory: "/tmp")) != nil)
    }

    @Test func aRedisURLThatIsNotOneIsRefusedWithoutRepeatingIt() {
        for url in ["http://127.0.0.1:6379", "redis://", "redis://:secret@host/notanumber"] {
            do {
                _ = try RedisAddress(url: url)
                Issue.record("\(url) was accepted")
            } catch {
                #expect(!error.description.contains("secret"))
            }
        }
    }
}
