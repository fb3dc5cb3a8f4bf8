import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// Business hours: windows in the client's time zone, the API that sets them, and a follow-up or an event's action due
/// outside them waiting for the next window.
@Suite struct BusinessHoursTests {
    /// Weekdays 09:00-18:00 in São Paulo (UTC-3, no daylight saving).
    static let weekdays = BusinessHours(timezone: "America/Sao_Paulo", windows: [.init(days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00")])

    private static func utc(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    @Test func windowsAreReadInTheClientsTimeZone() {
        // 2026-11-30 is a Monday.
        #expect(Self.weekdays.isOpen(at: Self.utc("2026-11-30T12:00:00Z")), "09:00 in São Paulo")
        #expect(!Self.weekdays.isOpen(at: Self.utc("2026-11-30T11:59:00Z")), "08:59 in São Paulo")
        #expect(!Self.weekdays.isOpen(at: Self.utc("2026-11-30T21:00:00Z")), "18:00: closed")
        #expect(!Self.weekdays.isOpen(at: Self.utc("2026-11-29T15:00:00Z")), "Sunday")
        let friday = Self.weekdays.nextOpening(after: Self.utc("2026-12-04T22:00:00Z"))
        #expect(friday?.at == Self.utc("2026-12-07T12:00:00Z") && friday?.length == 9 * 3_600, "Friday evening opens on Monday")
        #expect(Self.weekdays.nextOpening(after: Self.utc("2026-11-30T10:00:00Z"))?.at == Self.utc("2026-11-30T12:00:00Z"))
    }

    @Test func aWindowThatEndsBeforeItStartsRunsPastMidnight() {
        // Friday and Saturday nights, 22:00 to 02:00 in UTC; 2026-12-04 is a Friday.
        let nights = BusinessHours(timezone: "UTC", windows: [.init(days: [5, 6], start: "22:00", end: "02:00")])
        #expect(nights.isOpen(at: Self.utc("2026-12-04T23:30:00Z")) && nights.isOpen(at: Self.utc("2026-12-05T01:59:00Z")))
        #expect(!nights.isOpen(at: Self.utc("2026-12-05T02:00:00Z")) && !nights.isOpen(at: Self.utc("2026-12-04T21:59:00Z")))
        #expect(nights.isOpen(at: Self.utc("2026-12-06T01:00:00Z")) && !nights.isOpen(at: Self.utc("2026-12-07T01:00:00Z")), "Saturday's night only")
        let next = nights.nextOpening(after: Self.utc("2026-12-05T03:00:00Z"))
        #expect(next?.at == Self.utc("2026-12-05T22:00:00Z") && next?.length == 4 * 3_600)
        let allDay = BusinessHours(timezone: "UTC", windows: [.init(days: [1], start: "00:00", end: "00:00")])
        #expect(allDay.isOpen(at: Self.utc("2026-11-30T23:59:00Z")) && !allDay.isOpen(at: Self.utc("2026-12-01T00:00:00Z")))
    }

    @Test func theAPIRefusesUnreadableHoursAndKeepsEachClientsOwn() async throws {
        let gateway = try await TestGateway.start(plugins: [])
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            #expect(try await client.call(.get, "/api/business-hours", token: token).status == .notFound)
            for (body, field) in [
                (#"{"timezone":"Mars/Olympus","windows":[{"days":[1],"start":"09:00","end":"18:00"}]}"#, "timezone"),
                (#"{"timezone":"UTC","windows":[]}"#, "windows"),
                (#"{"timezone":"UTC","windows":[{"days":[7],"start":"09:00","end":"18:00"}]}"#, "windows.0.days"),
                (#"{"timezone":"UTC","windows":[{"days":[1],"start":"9:00","end":"18:00"}]}"#, "windows.0.start"),
                (#"{"timezone":"UTC","windows":[{"days":[1],"start":"09:00","end":"24:01"}]}"#, "windows.0.end"),
            ] {
                let refused = try await client.call(.put, "/api/business-hours", token: token, json: body)
                #expect(refused.status == .unprocessableContent && refused["details"]?["field"] == .string(field), "\(body): \(refused.text)")
            }
            let set = #"{"timezone":"America/Sao_Paulo","windows":[{"days":[1,2,3,4,5],"start":"09:00","end":"18:00"}]}"#
            #expect(try await client.call(.put, "/api/business-hours", token: token, json: set).status == .ok)
            #expect(try await client.call(.get, "/api/business-hours", token: token)["business_hours"]?["timezone"] == "America/Sao_Paulo")
            #expect(try await client.call(.get, "/api/business-hours", token: try await gateway.token("globex")).status == .notFound)
        }
    }

    @Test func aFollowUpDueOutsideBusinessHoursWaitsForTheNextWindow() async throws {
        try await SchedulerSetup.run { setup in
            let (gateway, client, token) = (setup.gateway, setup.client, setup.token)
            // The contact writes first (saving the trigger arms its timer), so `due` follows the message however long
            // the calls take. One window a day, two hours after the hour the follow-up falls due: it is due outside it.
            #expect(try await client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "HOURS-1")).status == .ok)
            let written = Date()
            let due = written.addingTimeInterval(3 * 86_400 + 5)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .gmt
            let opensAt = (calendar.component(.hour, from: due) + 2) % 24
            let hours =
                #"{"timezone":"UTC","windows":[{"days":[0,1,2,3,4,5,6],"start":"\#(String(format: "%02d", opensAt)):00","end":"\#(String(format: "%02d", opensAt)):30"}]}"#
            #expect(try await client.call(.put, "/api/business-hours", token: token, json: hours).status == .ok)
            let body = """
                {"trigger_type":"time_based","trigger_config":{"delay_days":3,"reference_field":"conversations.last_inbound_at"},
                 "action_type":"send_message","action_config":{"channel":"whatsapp","message":"Bom dia!","business_hours":true}}
                """
            let id = try #require(try await client.call(.post, "/api/triggers", token: token, json: body)["trigger"]?["id"]?.stringValue)

            let scheduler = gateway.runtime.scheduler
            #expect(try await scheduler.tick(now: due) == 1, "claimed, then deferred")
            let log = try await client.call(.get, "/api/triggers/\(id)/executions", token: token)
            #expect(log["executions"] == .array([]), "nothing ran outside the window")
            let opening = try #require(
                BusinessHours(
                    timezone: "UTC",
                    windows: [.init(days: Array(0...6), start: String(format: "%02d:00", opensAt), end: String(format: "%02d:30", opensAt))]
                ).nextOpening(after: due))
            #expect(try await scheduler.tick(now: opening.at.addingTimeInterval(-1)) == 0, "not before the window")
            #expect(
                try await scheduler.tick(now: opening.at.addingTimeInterval(BusinessHours.maxJitter + 1)) == 1,
                "inside the window, after its spread")
            let ran = try await client.call(.get, "/api/triggers/\(id)/executions", token: token)
            #expect(ran["executions"]?.arrayValue?.first?["action_executed"] == .bool(true), "\(ran.text)")
        }
    }

    @Test func anEventActionOutsideBusinessHoursWaitsForTheNextWindowAndRunsOnce() async throws {
        try await SchedulerSetup.run { setup in
            // One window a day, opening two hours after this hour (UTC): now is outside it.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .gmt
            let opensAt = String(format: "%02d", (calendar.component(.hour, from: Date()) + 2) % 24)
            let hours = #"{"timezone":"UTC","windows":[{"days":[0,1,2,3,4,5,6],"start":"\#(opensAt):00","end":"\#(opensAt):30"}]}"#
            #expect(try await setup.client.call(.put, "/api/business-hours", token: setup.token, json: hours).status == .ok)
            let body = """
                {"trigger_type":"event_based","trigger_config":{"event":"intent_detected","intent_values":["cancelamento"]},
                 "action_type":"change_status","action_config":{"status":"pending","business_hours":true}}
                """
            let id = try #require(try await setup.createTrigger(body))
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "HOURS-E")).status == .ok)
            let report = #"{"phone":"+55 34 9821-7808","type":"intent_detected","data":{"intent":"cancelamento"}}"#
            #expect(try await setup.client.call(.post, "/api/events", token: setup.token, json: report).status == .created)

            let now = Date()
            _ = try await setup.tick(at: now)
            #expect(try await setup.executions(id).isEmpty, "deferred, not run")
            let opening = try #require(
                BusinessHours(timezone: "UTC", windows: [.init(days: Array(0...6), start: "\(opensAt):00", end: "\(opensAt):30")])
                    .nextOpening(after: now))
            _ = try await setup.tick(at: opening.at.addingTimeInterval(-1))
            #expect(try await setup.executions(id).isEmpty, "not before the window")
            let inside = opening.at.addingTimeInterval(BusinessHours.maxJitter + 1)
            _ = try await setup.tick(at: inside)
            _ = try await setup.tick(at: inside.addingTimeInterval(60))
            let log = try await setup.executions(id)
            #expect(log.count == 1 && log.first?["action_executed"] == .bool(true), "\(log)")
            let conversation = try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue?.first
            #expect(conversation?["status"] == "pending")
        }
    }
}
