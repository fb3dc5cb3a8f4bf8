import Foundation
import HTTPTypes
import Testing

@testable import GatewayHost

/// What one process leads: cron schedules over an audience, condition-based triggers that fire once per crossing, and
/// the lease that keeps a second process from leading at the same time.
@Suite struct TriggerScansTests {
    private static func utc(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    @Test func cronMatchesOnTheWallClockOfItsZone() throws {
        let saoPaulo = try #require(TimeZone(identifier: "America/Sao_Paulo"))
        let mondayNine = try #require(CronExpression("0 9 * * 1"))
        #expect(mondayNine.matches(Self.utc("2026-11-30T12:00:30Z"), in: saoPaulo), "Monday 09:00 in São Paulo is 12:00 UTC")
        #expect(!mondayNine.matches(Self.utc("2026-11-30T09:00:00Z"), in: saoPaulo))
        #expect(!mondayNine.matches(Self.utc("2026-11-30T12:01:00Z"), in: saoPaulo))
        #expect(!mondayNine.matches(Self.utc("2026-12-01T12:00:00Z"), in: saoPaulo), "Tuesday")

        let everyQuarter = try #require(CronExpression("*/15 8-18 * * 1-5"))
        #expect(everyQuarter.matches(Self.utc("2026-12-01T18:45:00Z"), in: .gmt) && !everyQuarter.matches(Self.utc("2026-12-01T18:50:00Z"), in: .gmt))
        #expect(!everyQuarter.matches(Self.utc("2026-12-06T10:00:00Z"), in: .gmt), "Sunday")
        #expect(try #require(CronExpression("5/20 * * * *")).matches(Self.utc("2026-12-01T10:45:00Z"), in: .gmt))
        #expect(try #require(CronExpression("0 0 * * 7")).matches(Self.utc("2026-12-06T00:00:00Z"), in: .gmt), "7 is Sunday, as 0 is")
        // Both day fields restricted: either matches, as in cron.
        let firstOrFriday = try #require(CronExpression("0 12 1 * 5"))
        #expect(
            firstOrFriday.matches(Self.utc("2026-12-01T12:00:00Z"), in: .gmt) && firstOrFriday.matches(Self.utc("2026-12-04T12:00:00Z"), in: .gmt))
        #expect(!firstOrFriday.matches(Self.utc("2026-12-03T12:00:00Z"), in: .gmt))

        for invalid in [
            "", "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "*/0 * * * *", "5-1 * * * *", "a * * * *",
            "+5 * * * *", "*/+5 * * * *", "-0 * * * *", "٣ * * * *",
        ] {
            #expect(CronExpression(invalid) == nil, "\(invalid)")
        }
    }

    /// The OpenAPI document's cron pattern takes what the parser takes, except a range whose start is after its end.
    @Test func theCronPatternAgreesWithTheParser() throws {
        let pattern = try Regex(CronExpression.pattern)
        var samples = [
            "0 9 * * 1", "*/15 8-18 * * 1-5", "5/20 * * * *", "0 0 * * 7", "  00 09 01,15 1-12/3 0-7  ", "59 23 31 12 7", "1,2,3-4/2 * * * *",
            "60 * * * *", "* * 0 * *", "*/0 * * * *", "+5 * * * *", "* * * *", "*  * * * * *", "*\t* * * *", "1- * * * *", ",1 * * * *", "*/60 * * * *",
        ]
        // Random texts over the alphabet the syntax uses.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let length = Int.random(in: 1...24, using: &generator)
            samples.append(String((0..<length).map { _ in " 0123456789*/-,".randomElement(using: &generator) ?? " " }))
        }
        let backwards = { (text: String) in
            text.matches(of: /(\d+)-(\d+)/).contains { match in (Int(match.output.1) ?? 0) > (Int(match.output.2) ?? 0) }
        }
        for text in samples where !backwards(text) {
            #expect((try pattern.wholeMatch(in: text) != nil) == (CronExpression(text) != nil), "'\(text)'")
        }
    }

    @Test func theSchedulerKeysAreReadAndMalformedOnesRefusedByName() throws {
        let configuration = try GatewayConfiguration.fromEnvironment(
            ["GATEWAY_SCHEDULER": "off", "GATEWAY_SCHEDULER_INTERVAL_MS": "250", "GATEWAY_TRIGGER_CLAIM_MS": "5000"], buildDirectory: "/tmp"
        )
        #expect(!configuration.scheduler.enabled && configuration.scheduler.interval == .milliseconds(250))
        #expect(configuration.scheduler.claimLease == .seconds(5))
        #expect(try GatewayConfiguration.fromEnvironment([:], buildDirectory: "/tmp").scheduler.enabled)
        for (key, value) in [("GATEWAY_SCHEDULER", "maybe"), ("GATEWAY_SCHEDULER_INTERVAL_MS", "0"), ("GATEWAY_TRIGGER_CLAIM_MS", "soon")] {
            do {
                _ = try GatewayConfiguration.fromEnvironment([key: value], buildDirectory: "/tmp")
                Issue.record("\(key)=\(value) was accepted")
            } catch {
                #expect(error.key == key)
            }
        }
    }

    @Test func aScheduleFiresOncePerOccurrenceForItsAudience() async throws {
        try await SchedulerSetup.run { setup in
            for (index, digits) in ["553498217808", "5511900000001"].enumerated() {
                #expect(
                    try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "CRON-\(index)", senderDigits: digits)).status
                        == .ok)
            }
            let conversations = try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue ?? []
            let closedID = try #require(conversations.first?["id"]?.stringValue)
            #expect(
                try await setup.client.call(.patch, "/api/conversations/\(closedID)", token: setup.token, json: #"{"status":"closed"}"#).status == .ok
            )
            let body = """
                {"name":"Segunda 9h","trigger_type":"schedule","trigger_config":{"cron":"0 9 * * 1","audience":{"field":"conversation.status","operator":"equals","value":"open"}},
                 "action_type":"send_message","action_config":{"channel":"whatsapp","message":"Bom dia, {{contact.name}}!"}}
                """
            let id = try #require(try await setup.createTrigger(body))

            // The next Monday 09:00 in São Paulo (the default zone) is 12:00 UTC.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = try #require(TimeZone(identifier: "America/Sao_Paulo"))
            let monday = try #require(
                calendar.nextDate(after: Date(), matching: DateComponents(hour: 9, minute: 0, weekday: 2), matchingPolicy: .nextTime))
            let simulation = try await setup.client.call(.post, "/api/triggers/\(id)/test", token: setup.token)["simulation"]
            #expect(simulation?["affected_conversations"] == 1 && simulation?["estimated_messages"] == 1, "the audience only")
            #expect(simulation?["samples"]?.arrayValue?.first?["due_at"] == .string(monday.formatted(.iso8601)))
            #expect(simulation?["samples"]?.arrayValue?.first?["message"] == "Bom dia, Rafael!")

            _ = try await setup.tick(at: monday.addingTimeInterval(-60))
            #expect(try await setup.executions(id).isEmpty, "not at 08:59")
            _ = try await setup.tick(at: monday.addingTimeInterval(20))
            _ = try await setup.tick(at: monday.addingTimeInterval(40))
            _ = try await setup.tick(at: monday.addingTimeInterval(70))
            let log = try await setup.executions(id)
            #expect(log.count == 1 && log.first?["conversation_id"] != .string(closedID), "the open conversation only, once: \(log)")
            #expect(log.first?["action_executed"] == .bool(true) && log.first?["result"]?["message_id"]?.stringValue != nil, "\(log)")
            try await setup.waitForSends(1)
            #expect(setup.sentTexts() == ["Bom dia, Rafael!"])
            let number = setup.uazapi.log.requests.first { $0.path == "/send/text" }?.body["number"]?.stringValue
            #expect(number?.filter(\.isNumber) == "553498217808", "sent to the open conversation's contact")

            // The next week's occurrence is an episode of its own.
            _ = try await setup.tick(at: monday.addingTimeInterval(7 * 86_400 + 5))
            #expect(try await setup.executions(id).count == 2)
        }
    }

    /// A scan reads from the database only the conversations SQL says may hold, and never drops one the condition holds
    /// for: on three conversations (open scored 90 with two inbound messages, open unscored, closed scored 40), each
    /// condition's prefiltered scan, evaluated in full, finds exactly what evaluating every conversation finds.
    @Test(arguments: [TestQueue.sqlite, .postgres])
    func aScanIsNarrowedInSQLWithoutLosingAConversation(_ backend: TestQueue) async throws {
        try await SchedulerSetup.run(backend) { setup in
            for (index, digits) in ["553498217808", "5511900000001", "5511900000002"].enumerated() {
                let delivery = try UazapiDeliveries.message(id: "SCAN-\(index)", senderDigits: digits)
                #expect(try await setup.client.deliver("/webhooks/uazapi", delivery).status == .ok)
            }
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "SCAN-3", senderDigits: "553498217808")).status == .ok)
            let store = setup.gateway.core.store
            let byCount = try await store.conversations(clientID: "acme", afterID: "", limit: 100, matching: ConversationPrefilter(nil))
                .sorted { $0.inboundCount > $1.inboundCount }
            let (hot, closed) = (byCount[0].id, byCount[2].id)
            for (id, change) in [(hot, #"{"lead":{"score":90}}"#), (closed, #"{"status":"closed","lead":{"score":40}}"#)] {
                #expect(try await setup.client.call(.patch, "/api/conversations/\(id)", token: setup.token, json: change).status == .ok)
            }
            let all = try await store.conversations(clientID: "acme", afterID: "", limit: 100, matching: ConversationPrefilter(nil))
            let conditions: [(String, Int)] = [
                (#"{"field":"conversation.status","operator":"equals","value":"open"}"#, 2),
                (#"{"field":"conversations.status","operator":"in","value":["closed","pending",3]}"#, 1),
                (#"{"field":"lead.score","operator":"greater_than","value":80}"#, 1),
                (#"{"field":"lead.score","operator":"not_equals","value":40.0}"#, 2),
                (#"{"field":"lead.score","operator":"exists"}"#, 2),
                (#"{"field":"conversation.inbound_count","operator":"greater_than","value":1}"#, 1),
                (#"{"all":[{"field":"conversation.status","operator":"equals","value":"open"},{"field":"lead.tags","operator":"contains","value":"vip"}]}"#, 2),
                (#"{"any":[{"field":"lead.score","operator":"less_than","value":50},{"field":"conversation.channel","operator":"equals","value":"whatsapp"}]}"#, 3),
                (#"{"any":[{"field":"lead.score","operator":"less_than","value":50},{"field":"contact.name","operator":"exists"}]}"#, 3),
                (#"{"field":"conversation.status","operator":"equals","value":1}"#, 0),
            ]
            for (text, narrowed) in conditions {
                let condition = try ConditionExpression(parsing: JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)), at: "condition")
                let read = try await store.conversations(clientID: "acme", afterID: "", limit: 100, matching: ConversationPrefilter(condition))
                func holding(_ conversations: [ConversationRecord]) -> Set<String> {
                    Set(
                        conversations.filter {
                            (try? ConditionEvaluator(conversation: $0, contactName: "Rafael", event: nil, now: Date())
                                .holds(condition)) == true
                        }.map(\.id))
                }
                #expect(holding(read) == holding(all), "\(text)")
                #expect(read.count == narrowed, "\(text): read \(read.count)")
            }
        }
    }

    @Test func aConditionFiresWhenItStartsToHoldOncePerCrossing() async throws {
        try await SchedulerSetup.run { setup in
            // A conversation that already holds when the trigger is saved is its baseline, not a crossing.
            #expect(
                try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "HOT-0", senderDigits: "5511900000009")).status
                    == .ok)
            let baselineID = try #require(
                try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue?.first?["id"]?.stringValue)
            func lead(_ id: String, _ score: Int) async throws {
                #expect(
                    try await setup.client.call(.patch, "/api/conversations/\(id)", token: setup.token, json: #"{"lead":{"score":\#(score)}}"#).status
                        == .ok)
            }
            try await lead(baselineID, 95)
            let body = """
                {"name":"Lead quente","trigger_type":"condition_based","trigger_config":{"condition":{"field":"lead.score","operator":"greater_than","value":80}},
                 "action_type":"change_status","action_config":{"status":"pending"}}
                """
            let id = try #require(try await setup.createTrigger(body))
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "HOT-1")).status == .ok)
            let conversations = try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue ?? []
            let leadID = try #require(conversations.compactMap { $0["id"]?.stringValue }.first { $0 != baselineID })
            try await lead(baselineID, 97)
            _ = try await setup.tick(at: Date())
            let before = try await setup.executions(id)
            #expect(before.isEmpty, "no crossing yet: \(before)")

            try await lead(leadID, 85)
            _ = try await setup.tick(at: Date())
            var log = try await setup.executions(id)
            #expect(log.count == 1 && log.first?["conversation_id"] == .string(leadID) && log.first?["action_executed"] == .bool(true), "\(log)")
            let fired = try await setup.client.call(.get, "/api/conversations/\(leadID)", token: setup.token)
            #expect(fired["conversation"]?["status"] == "pending")

            // Still above 80 (and the status change the action made is a change too): no second fire.
            try await lead(leadID, 90)
            _ = try await setup.tick(at: Date())
            #expect(try await setup.executions(id).count == 1)
            // Below, then above again: a new crossing.
            try await lead(leadID, 50)
            _ = try await setup.tick(at: Date())
            try await lead(leadID, 99)
            _ = try await setup.tick(at: Date())
            log = try await setup.executions(id)
            #expect(log.count == 2, "\(log)")
        }
    }

    /// Two triggers that undo each other's status change would feed each other forever: the chain stops at its limit.
    @Test func triggersFeedingEachOtherStopAtTheChainLimit() async throws {
        try await SchedulerSetup.run { setup in
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "LOOP-1")).status == .ok)
            func flip(from: String, to: String) -> String {
                """
                {"name":"\(from) to \(to)","trigger_type":"event_based","trigger_config":{"event":"conversation_status_changed"},
                 "condition_type":"condition","condition_config":{"field":"event.to","operator":"equals","value":"\(from)"},
                 "action_type":"change_status","action_config":{"status":"\(to)"}}
                """
            }
            let reopen = try #require(try await setup.createTrigger(flip(from: "pending", to: "open")))
            let park = try #require(try await setup.createTrigger(flip(from: "open", to: "pending")))
            let conversationID = try #require(
                try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue?.first?["id"]?.stringValue)
            #expect(
                try await setup.client.call(.patch, "/api/conversations/\(conversationID)", token: setup.token, json: #"{"status":"pending"}"#).status
                    == .ok)
            for _ in 0..<6 {
                try await Task.sleep(for: .milliseconds(5))  // past the events the last tick's actions logged
                _ = try await setup.tick(at: Date())
            }
            let runs = (try await setup.executions(reopen)) + (try await setup.executions(park))
            #expect(runs.filter { $0["action_executed"] == .bool(true) }.count == TriggerActions.maxChain, "\(runs)")
            #expect(runs.filter { $0["skip_reason"] == "chain_limit" }.count == 1, "\(runs)")
            let events =
                try await setup.client.call(.get, "/api/events?type=conversation_status_changed", token: setup.token)["events"]?.arrayValue ?? []
            #expect(Set(events.compactMap { $0["data"]?["trigger_depth"] }) == [1, 2, 3], "\(events)")
        }
    }

    @Test func oneProcessLeadsTheScansUntilItsLeaseRunsOut() async throws {
        try await SchedulerSetup.run(.postgres) { setup in
            let leader = setup.gateway.runtime.scheduler
            let other = TriggerScheduler(stores: setup.gateway.core.stores, actions: leader.actions, logger: leader.logger)
            let now = Date()
            let expired = now.addingTimeInterval(10 + TriggerScheduler.scanLeaseDuration + 1)
            let answers = [
                try await leader.leads(now: now), try await other.leads(now: now.addingTimeInterval(5)),
                try await leader.leads(now: now.addingTimeInterval(10)),
                try await other.leads(now: expired), try await leader.leads(now: expired),
            ]
            // Taken; refused while it runs; renewed by its holder; taken over once it ran out; refused to the old holder.
            #expect(answers == [true, false, true, true, false])
        }
    }
}
