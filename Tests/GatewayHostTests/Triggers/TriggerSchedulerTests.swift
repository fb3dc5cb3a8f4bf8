import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// Time-based triggers through the real server: timers armed when a trigger is saved and moved when a conversation's
/// reference moves, fired by the scheduler on an injected clock (no test waits days), the condition checked again at
/// fire time, each episode once, and the follow-up sent through the real Uazapi plugin.
@Suite struct TriggerSchedulerTests {
    /// The seed's follow-up with an inline message, counted from the contact's last message:
    /// the follow-up itself is a message (it moves `last_message_at`), and the injected clock runs days ahead of the
    /// real one the send is stamped with.
    private func followUp(
        _ setup: SchedulerSetup,
        condition: String = #""condition_type":"field_equals","condition_config":{"field":"conversations.status","operator":"equals","value":"open"}"#
    ) async throws -> String {
        let body = """
            {"name":"Follow-up","trigger_type":"time_based","trigger_config":{"delay_days":3,"reference_field":"conversations.last_inbound_at"},
             \(condition),"action_type":"send_message","action_config":{"channel":"whatsapp","message":"Olá! Posso ajudar em algo?"}}
            """
        let created = try await setup.client.call(.post, "/api/triggers", token: setup.token, json: body)
        #expect(created.status == .created, "\(created.text)")
        return try #require(created["trigger"]?["id"]?.stringValue)
    }

    private func followUpsSent(_ setup: SchedulerSetup) -> [RecordedRequest] {
        setup.uazapi.log.requests.filter { $0.path == "/send/text" && $0.body["text"] == "Olá! Posso ajudar em algo?" }
    }

    @Test(arguments: [TestQueue.sqlite, .postgres])
    func aFollowUpGoesOutThreeDaysAfterTheLastMessageOnce(_ backend: TestQueue) async throws {
        try await SchedulerSetup.run(backend) { setup in
            let id = try await followUp(setup)
            let written = Date()
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "LEAD-1")).status == .ok)
            #expect(try await setup.tick(at: written.addingTimeInterval(3 * 86_400 - 60)) == 0, "not due a minute early")

            let due = written.addingTimeInterval(3 * 86_400 + 5)
            #expect(try await setup.tick(at: due) == 1)
            #expect(try await setup.tick(at: due.addingTimeInterval(60)) == 0, "fired once")
            let deadline = ContinuousClock.now + .seconds(10)
            while followUpsSent(setup).isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(followUpsSent(setup).count == 1)
            #expect(followUpsSent(setup).first?.body["number"]?.stringValue?.filter(\.isNumber) == "553498217808")

            let log = try await setup.executions(id)
            #expect(log.count == 1 && log.first?["condition_met"] == .bool(true) && log.first?["action_executed"] == .bool(true), "\(log)")
            #expect(log.first?["result"]?["message_id"]?.stringValue != nil)
            let trigger = try await setup.client.call(.get, "/api/triggers/\(id)", token: setup.token)
            #expect(trigger["trigger"]?["execution_count"] == 1 && trigger["trigger"]?["last_executed_at"]?.stringValue != nil)
        }
    }

    @Test func aReplyMovesTheFollowUpToItsOwnEpisode() async throws {
        let clock = ManualClock()
        try await SchedulerSetup.run(adjust: { $0.clock = clock.wallClock }) { setup in
            let id = try await followUp(setup)
            let first = clock.now
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "LEAD-A")).status == .ok)
            clock.advance(by: 2)  // the reply comes later, so its follow-up is due later
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "LEAD-B")).status == .ok)
            // Due for the first message, not yet for the reply: nothing fires.
            #expect(try await setup.tick(at: first.addingTimeInterval(3 * 86_400 + 0.5)) == 0)
            #expect(try await setup.executions(id).isEmpty)
            #expect(try await setup.tick(at: first.addingTimeInterval(3 * 86_400 + 30)) == 1)
            #expect(try await setup.executions(id).count == 1)
        }
    }

    @Test func theConditionIsCheckedAgainAtFireTime() async throws {
        try await SchedulerSetup.run { setup in
            let id = try await followUp(setup)
            let written = Date()
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "LEAD-C")).status == .ok)
            let conversation = try #require(
                try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue?.first)
            let closed = try await setup.client.call(
                .patch, "/api/conversations/\(try #require(conversation["id"]?.stringValue))", token: setup.token, json: #"{"status":"closed"}"#
            )
            #expect(closed.status == .ok)
            #expect(try await setup.tick(at: written.addingTimeInterval(3 * 86_400 + 5)) == 1)
            let log = try await setup.executions(id)
            #expect(
                log.first?["condition_met"] == .bool(false) && log.first?["skip_reason"] == "condition_false"
                    && log.first?["action_executed"] == .bool(false))
            #expect(followUpsSent(setup).isEmpty)
        }
    }

    @Test func aSimulationCountsSamplesAndNamesNearMissesWithoutSideEffects() async throws {
        try await SchedulerSetup.run { setup in
            let id = try await followUp(setup)
            for (index, digits) in ["553498217808", "5511900000001"].enumerated() {
                let body = try UazapiDeliveries.message(id: "SIM-\(index)", senderDigits: digits)
                #expect(try await setup.client.deliver("/webhooks/uazapi", body).status == .ok)
            }
            let written = Date()  // after the messages, however long the deliveries took
            let conversations = try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue ?? []
            let closedID = try #require(conversations.first?["id"]?.stringValue)
            let openID = try #require(conversations.last?["id"]?.stringValue)
            #expect(
                try await setup.client.call(.patch, "/api/conversations/\(closedID)", token: setup.token, json: #"{"status":"closed"}"#).status == .ok
            )

            let answer = try await setup.client.call(.post, "/api/triggers/\(id)/test", token: setup.token)
            #expect(answer.status == .ok, "\(answer.text)")
            let simulation = try #require(answer["simulation"])
            #expect(simulation["condition_met"] == .bool(true) && simulation["action_would_execute"] == .bool(true))
            #expect(simulation["affected_conversations"] == 2 && simulation["estimated_messages"] == 1)
            let sample = try #require(simulation["samples"]?.arrayValue?.first)
            #expect(simulation["samples"]?.arrayValue?.count == 1 && sample["conversation_id"] == .string(openID))
            #expect(sample["message"] == "Olá! Posso ajudar em algo?")
            let due = try #require(sample["due_at"]?.stringValue.flatMap { try? Date($0, strategy: .iso8601) })
            #expect(abs(due.timeIntervalSince(written) - 3 * 86_400) < 30, "due three days after the contact wrote")
            #expect(simulation["near_misses"] == [["conversation_id": .string(closedID), "failed": #"conversations.status equals "open""#]])

            // Nothing happened: no send, no execution, the trigger's counters untouched, its timers still armed.
            #expect(setup.uazapi.log.requests.filter { $0.path == "/send/text" }.isEmpty)
            #expect(try await setup.executions(id).isEmpty)
            #expect(try await setup.client.call(.get, "/api/triggers/\(id)", token: setup.token)["trigger"]?["execution_count"] == 0)
            #expect(try await setup.tick(at: written.addingTimeInterval(3 * 86_400 + 5)) == 2)

            // An unsaved body is checked like a create and simulated without being stored.
            let draft = """
                {"trigger_type":"time_based","trigger_config":{"delay_hours":1,"reference_field":"conversation.created_at"},
                 "condition_type":"condition","condition_config":{"field":"conversation.status","operator":"equals","value":"closed"},
                 "action_type":"change_status","action_config":{"status":"open"}}
                """
            let unsaved = try await setup.client.call(.post, "/api/triggers/test", token: setup.token, json: draft)
            #expect(unsaved["simulation"]?["affected_conversations"] == 2 && unsaved["simulation"]?["estimated_messages"] == 0, "\(unsaved.text)")
            #expect(unsaved["simulation"]?["samples"]?.arrayValue?.first?["conversation_id"] == .string(closedID))
            #expect(unsaved["simulation"]?["samples"]?.arrayValue?.first?["message"] == nil, "no message for a status change")
            let invalid = try await setup.client.call(
                .post, "/api/triggers/test", token: setup.token,
                json: #"{"trigger_type":"time_based","trigger_config":{},"action_type":"send_message"}"#)
            #expect(invalid.status == .unprocessableContent && invalid["error_code"] == "INVALID_TRIGGER_CONFIG", "\(invalid.text)")
            #expect(try await setup.client.call(.get, "/api/triggers", token: setup.token)["total"] == 1)

            // send_test_to: one rendered message to that address only, logged as a test, not counted as a run.
            let refused = try await setup.client.call(.post, "/api/triggers/\(id)/test", token: setup.token, json: #"{"send_test_to":"nobody"}"#)
            #expect(refused.status == .unprocessableContent && refused["details"]?["field"] == "send_test_to", "\(refused.text)")
            let tested = try await setup.client.call(
                .post, "/api/triggers/\(id)/test", token: setup.token, json: #"{"send_test_to":"+55 11 98888-7777"}"#)
            let messageID = try #require(tested["test_message"]?["message_id"]?.stringValue, "\(tested.text)")
            #expect(tested["simulation"]?["affected_conversations"] == 2)
            let deadline = ContinuousClock.now + .seconds(10)
            while !setup.uazapi.log.requests.contains(where: { $0.body["number"]?.stringValue?.filter(\.isNumber) == "5511988887777" }),
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(20))
            }
            let test = setup.uazapi.log.requests.filter { $0.body["number"]?.stringValue?.filter(\.isNumber) == "5511988887777" }
            #expect(test.count == 1 && test.first?.body["text"] == "Olá! Posso ajudar em algo?")
            let log = try await setup.executions(id)
            #expect(log.first?["kind"] == "test" && log.first?["result"]?["message_id"] == .string(messageID), "\(log)")
            #expect(
                try await setup.client.call(.get, "/api/triggers/\(id)", token: setup.token)["trigger"]?["execution_count"] == 2, "the two fires only"
            )
        }
    }

    @Test func aConditionThatCannotBeEvaluatedIsLoggedNotFatal() async throws {
        try await SchedulerSetup.run { setup in
            let id = try await followUp(
                setup,
                condition: #""condition_type":"condition","condition_config":{"field":"conversations.status","operator":"greater_than","value":3}"#)
            let written = Date()
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "LEAD-D")).status == .ok)
            #expect(try await setup.tick(at: written.addingTimeInterval(3 * 86_400 + 5)) == 1)
            let log = try await setup.executions(id)
            #expect(
                log.first?["error_message"]?.stringValue?.hasPrefix("CONDITION_EVALUATION_ERROR") == true
                    && log.first?["skip_reason"] == "condition_error")
        }
    }

    @Test func switchingATriggerOffCancelsItsTimersAndOnArmsThemAgain() async throws {
        try await SchedulerSetup.run { setup in
            let id = try await followUp(setup)
            let written = Date()
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "LEAD-E")).status == .ok)
            #expect(try await setup.client.call(.patch, "/api/triggers/\(id)/toggle", token: setup.token, json: #"{"active":false}"#).status == .ok)
            #expect(try await setup.tick(at: written.addingTimeInterval(3 * 86_400 + 5)) == 0)
            #expect(try await setup.client.call(.patch, "/api/triggers/\(id)/toggle", token: setup.token, json: #"{"active":true}"#).status == .ok)
            #expect(try await setup.tick(at: written.addingTimeInterval(3 * 86_400 + 5)) == 1, "armed again for the conversation's current episode")
            // Editing re-arms: a shorter delay, but that episode already ran, so nothing fires twice.
            #expect(
                try await setup.client.call(
                    .put, "/api/triggers/\(id)", token: setup.token,
                    json: #"{"trigger_config":{"delay_hours":1,"reference_field":"conversations.last_inbound_at"}}"#
                ).status == .ok)
            #expect(try await setup.tick(at: written.addingTimeInterval(3 * 86_400 + 5)) == 0)
        }
    }

    @Test func concurrentTicksFireAnEpisodeOnce() async throws {
        try await SchedulerSetup.run(.postgres) { setup in
            let id = try await followUp(setup)
            for index in 0..<5 {
                let body = try UazapiDeliveries.message(id: "MANY-\(index)", senderDigits: "55119000000\(index)")
                #expect(try await setup.client.deliver("/webhooks/uazapi", body).status == .ok)
            }
            let due = Date().addingTimeInterval(3 * 86_400 + 5)  // after the last message, however long the deliveries took
            let fired = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<3 { group.addTask { try await setup.tick(at: due) } }
                return try await group.reduce(0, +)
            }
            #expect(fired == 5, "each timer claimed by one tick")
            #expect(try await setup.executions(id).count == 5)

            // The client's execution log pages by cursor, newest first, and filters by outcome.
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await setup.client.call(.get, "/api/executions?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: setup.token)
                seen += (page["executions"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
                cursor = page["next_cursor"]?.stringValue
            } while cursor != nil
            #expect(seen.count == 5 && Set(seen).count == 5)
            #expect(
                try await setup.client.call(.get, "/api/executions?status=executed&trigger_id=\(id)", token: setup.token)["executions"]?.arrayValue?
                    .count == 5)
            #expect(try await setup.client.call(.get, "/api/executions?status=failed", token: setup.token)["executions"] == .array([]))
            #expect(try await setup.client.call(.get, "/api/executions?status=maybe", token: setup.token)["error_code"] == "INVALID_TRIGGER_CONFIG")
        }
    }

    /// Due timers are claimed a share per client per round: acme's timers, all due before globex's one, do not keep it
    /// waiting until they are done (oldest first, globex's would fire last).
    @Test func eachClientsDueTimersTakeTurns() async throws {
        let share = 4
        try await SchedulerSetup.run(adjust: { $0.scheduler.timersPerClientRound = share }) { setup in
            let client = setup.client
            #expect(try await client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "MANY-TIMERS")).status == .ok)
            let trigger = { (name: String) in
                """
                {"name":"\(name)","trigger_type":"time_based","trigger_config":{"delay_minutes":1,"reference_field":"conversations.last_inbound_at"},
                 "condition_type":"always","action_type":"change_status","action_config":{"status":"pending"}}
                """
            }
            let many = 3 * share
            for index in 0..<many {
                #expect(try await client.call(.post, "/api/triggers", token: setup.token, json: trigger("acme \(index)")).status == .created)
            }
            let globex = try await setup.gateway.token("globex")
            #expect(try await client.configureWhatsApp(token: globex, url: "http://127.0.0.1:9", instance: "-globex").status == .ok)
            let later = try UazapiDeliveries.message(id: "ONE-TIMER", token: FakeUazapi.token + "-globex")
            #expect(try await client.deliver("/webhooks/uazapi", later).status == .ok)
            #expect(try await client.call(.post, "/api/triggers", token: globex, json: trigger("globex")).status == .created)

            // A tick goes on for a second past its first round: a loaded machine may leave the rest to the next.
            let due = Date().addingTimeInterval(120)
            var fired = 0
            for _ in 0..<many where fired < many + 1 { fired += try await setup.tick(at: due) }
            #expect(fired == many + 1)
            let store = setup.gateway.core.store
            let acme = try await store.executions(clientID: "acme", filter: ExecutionFilter(), limit: 100).map(\.id)
            let single = try #require(try await store.executions(clientID: "globex", filter: ExecutionFilter(), limit: 10).first?.id)
            // Execution ids begin with their millisecond: acme's later rounds come after globex's turn.
            let after = acme.filter { $0 > single }.count
            #expect(acme.count == many && after >= many - share - 1, "\(after) of acme's \(many) fires came after globex's")
        }
    }

    /// A fire that died after its send (kill -9 between the action and the log): the next fire finishes the same
    /// execution with the same idempotency key, so the contact gets the follow-up once.
    @Test func aFireThatDiedMidwayIsFinishedWithoutSendingTwice() async throws {
        try await SchedulerSetup.run { setup in
            let id = try await followUp(setup)
            let written = Date()
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "LEAD-K")).status == .ok)
            let due = written.addingTimeInterval(3 * 86_400 + 5)
            let store = setup.gateway.core.store
            // The dead fire: claimed the timer, started the execution, sent, then stopped.
            let timer = try #require(try await store.claimDueTimers(clientID: "acme", now: due, lease: 1, limit: 1).first)
            let started = try await store.startExecution(timer, kind: "scheduled", id: UUID().uuidString.lowercased(), at: due)
            let trigger = try #require(try await store.trigger(clientID: "acme", id: id))
            let conversation = try #require(try await store.conversation(clientID: "acme", id: timer.conversationID))
            let first = await setup.gateway.runtime.scheduler.actions.run(trigger, conversation: conversation, executionID: started.id, now: due)
            #expect(first.actionExecuted)

            // Its claim runs out; the next tick takes the timer and finishes the same execution.
            #expect(try await setup.tick(at: due.addingTimeInterval(5)) == 1)
            let log = try await setup.executions(id)
            #expect(log.count == 1 && log.first?["id"] == .string(started.id) && log.first?["result"] == first.result)
            let deadline = ContinuousClock.now + .seconds(10)
            while followUpsSent(setup).isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(followUpsSent(setup).count == 1, "one follow-up, though the action ran twice")
        }
    }

    @Test(arguments: [TestQueue.sqlite, .postgres])
    func anIntentTheAgentReportsFiresItsTriggerOncePerEvent(_ backend: TestQueue) async throws {
        try await SchedulerSetup.run(backend) { setup in
            let body = """
                {"name":"Cancelamento","trigger_type":"event_based","trigger_config":{"event":"intent_detected","intent_values":["cancelamento","reclamacao"]},
                 "condition_type":"condition","condition_config":{"field":"event.intent","operator":"equals","value":"cancelamento"},
                 "action_type":"change_status","action_config":{"status":"pending"}}
                """
            let id = try #require(try await setup.client.call(.post, "/api/triggers", token: setup.token, json: body)["trigger"]?["id"]?.stringValue)
            let seed = try await setup.client.call(.post, "/api/triggers", token: setup.token, json: TriggersAPITests.intentAlert)
            let seedID = try #require(seed["trigger"]?["id"]?.stringValue)
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "LEAD-I")).status == .ok)
            let report = #"{"phone":"+55 34 9821-7808","type":"intent_detected","data":{"intent":"cancelamento"}}"#
            #expect(try await setup.client.call(.post, "/api/events", token: setup.token, json: report).status == .created)
            #expect(
                try await setup.client.call(
                    .post, "/api/events", token: setup.token,
                    json: #"{"phone":"+55 34 9821-7808","type":"intent_detected","data":{"intent":"duvida"}}"#
                ).status == .created)

            // Past PostgreSQL's read lag (events are read once no write can still be committing before them).
            let later = Date().addingTimeInterval(setup.gateway.core.store.sequenceSettleTime + 5)
            _ = try await setup.tick(at: later)
            _ = try await setup.tick(at: later)
            let conversation = try #require(
                try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue?.first)
            #expect(conversation["status"] == "pending")
            let log = try await setup.executions(id)
            #expect(log.count == 1 && log.first?["action_executed"] == .bool(true) && log.first?["result"] == ["status": "pending"], "\(log)")
            // The seed's alert fired too; its email names only a template this client has not made: logged, not sent.
            let seedLog = try await setup.executions(seedID)
            #expect(seedLog.count == 1 && seedLog.first?["skip_reason"] == "template_missing", "\(seedLog)")
        }
    }

    @Test func keywordsMatchWholeWordsIgnoringCaseAndAccents() {
        let keywords: Set = ["cancelar", "falar com atendente", "reclamação"]
        #expect(TriggerKeywords.matched(keywords, in: "Quero CANCELAR o plano!") == ["cancelar"])
        #expect(TriggerKeywords.matched(keywords, in: "eles cancelaram ontem").isEmpty, "a word, not a part of one")
        #expect(
            TriggerKeywords.matched(keywords, in: "Preciso falar com   atendente, e fazer uma reclamacao") == ["falar com atendente", "reclamação"])
        #expect(TriggerKeywords.matched(keywords, in: "falar com o atendente").isEmpty, "a phrase's words in a row")
        #expect(TriggerKeywords.matched([], in: "cancelar").isEmpty && TriggerKeywords.matched(keywords, in: "").isEmpty)
    }

    @Test func aKeywordTriggerFiresOnAMessageThatSaysItAndTheLogKeepsOnlyTheKeyword() async throws {
        try await SchedulerSetup.run { setup in
            let body = """
                {"trigger_type":"event_based","trigger_config":{"event":"message_received","keywords":["cancelar","reembolso"]},
                 "action_type":"change_status","action_config":{"status":"pending"}}
                """
            let id = try #require(try await setup.createTrigger(body))
            try await Task.sleep(for: .milliseconds(10))  // the message comes after the trigger
            let plain = try UazapiDeliveries.message(id: "KW-1", text: "Bom dia, tudo bem?")
            #expect(try await setup.client.deliver("/webhooks/uazapi", plain).status == .ok)
            _ = try await setup.tick(at: Date())
            #expect(try await setup.executions(id).isEmpty)

            let asking = try UazapiDeliveries.message(id: "KW-2", text: "Quero CANCELAR meu plano")
            #expect(try await setup.client.deliver("/webhooks/uazapi", asking).status == .ok)
            _ = try await setup.tick(at: Date())
            let log = try await setup.executions(id)
            #expect(log.count == 1 && log.first?["result"] == ["status": "pending"], "\(log)")
            let events = try await setup.client.call(.get, "/api/events?type=message_received", token: setup.token)["events"]?.arrayValue ?? []
            #expect(events.compactMap { $0["data"]?["keywords"] } == [["cancelar"]], "\(events)")
            #expect(!JSONValue.array(events).jsonText.contains("plano"), "the text is not kept")
        }
    }

    @Test func eventTriggersMatchTheirTypeFiltersAndAge() throws {
        let now = Date()
        func trigger(_ config: [String: JSONValue]) throws -> TriggerRecord {
            let definition = try TriggerDefinition(
                triggerType: "event_based", triggerConfig: config, conditionType: "always", conditionConfig: [:], actionType: "change_status",
                actionConfig: ["status": "closed"])
            return TriggerRecord(
                id: "t", clientID: "acme", name: "t", description: nil, definition: definition, active: true, executionCount: 0, lastExecutedAt: nil,
                createdAt: now, updatedAt: now)
        }
        func event(_ type: String, _ data: [String: JSONValue], at time: Date = now.addingTimeInterval(1)) -> EventRecord {
            EventRecord(seq: 1, id: "e", clientID: "acme", integrationID: nil, conversationID: "c", type: type, data: data, createdAt: time)
        }
        let failed = try trigger(["event": "message_status", "statuses": ["failed"]])
        #expect(TriggerEvents.matches(failed, event("message_status", ["status": "failed"])))
        #expect(!TriggerEvents.matches(failed, event("message_status", ["status": "read"])))
        #expect(!TriggerEvents.matches(failed, event("message_received", [:])))
        #expect(
            !TriggerEvents.matches(failed, event("message_status", ["status": "failed"], at: now.addingTimeInterval(-60))), "older than the trigger")
        #expect(TriggerEvents.matches(try trigger(["event": "lead_updated"]), event("lead_updated", [:])))
    }

    @Test func aTemplatedFollowUpIsRenderedForTheContactAndMissingVariablesAreNoted() async throws {
        try await SchedulerSetup.run { setup in
            let template = #"{"id":"follow_up_1","channel":"whatsapp","body":"Olá {{contact.name}}! Seu plano: {{lead.fields.plan}}"}"#
            #expect(try await setup.client.call(.post, "/api/templates", token: setup.token, json: template).status == .created)
            let body = """
                {"trigger_type":"time_based","trigger_config":{"delay_days":3,"reference_field":"conversations.last_inbound_at"},
                 "action_type":"send_message","action_config":{"channel":"whatsapp","template_id":"follow_up_1","message":"(fallback)"}}
                """
            let id = try #require(try await setup.client.call(.post, "/api/triggers", token: setup.token, json: body)["trigger"]?["id"]?.stringValue)
            let missingTemplate = """
                {"trigger_type":"time_based","trigger_config":{"delay_days":3,"reference_field":"conversations.last_inbound_at"},
                 "action_type":"send_message","action_config":{"channel":"whatsapp","template_id":"no_such_template"}}
                """
            let otherID = try #require(
                try await setup.client.call(.post, "/api/triggers", token: setup.token, json: missingTemplate)["trigger"]?["id"]?.stringValue)
            let written = Date()
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "LEAD-T")).status == .ok)
            #expect(try await setup.tick(at: written.addingTimeInterval(3 * 86_400 + 5)) == 2)

            let log = try await setup.executions(id)
            #expect(log.first?["result"]?["missing_variables"] == ["lead.fields.plan"], "\(log)")
            let deadline = ContinuousClock.now + .seconds(10)
            while !setup.uazapi.log.requests.contains(where: { $0.path == "/send/text" }), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(
                setup.uazapi.log.requests.filter { $0.path == "/send/text" }.compactMap { $0.body["text"]?.stringValue } == [
                    "Olá Rafael! Seu plano: "
                ])
            let other = try await setup.executions(otherID)
            #expect(other.first?["skip_reason"] == "template_missing" && other.first?["action_executed"] == .bool(false), "\(other)")
        }
    }
}
