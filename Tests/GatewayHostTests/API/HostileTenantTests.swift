import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// A tenant who wants to hurt the others, with its own token: the values it can write are bounded where they enter,
/// what it stores is then pushed through every consumer (simulation, scheduler, templates), and the server answers a
/// documented 4xx or works, stays up, and keeps serving another tenant. `make test` runs it short (the heavy values in
/// one field only, so the suite running beside it is not starved); `make faults` (GATEWAY_FAULTS=full) in every field.
@Suite(.serialized) struct HostileTenantTests {
    static let full = ProcessInfo.processInfo.environment["GATEWAY_FAULTS"] == "full"
    /// The values heavy to send and parse.
    static let heavy: Set = ["1 MiB", "10000 items"]

    /// The values tried in tenant-writable fields.
    static let extremes: [(name: String, value: JSONValue)] = [
        ("Int64.max", .integer(.max)), ("Int64.min", .integer(.min)), ("1e19", .number(1e19)), ("-1e19", .number(-1e19)),
        ("0.5", .number(0.5)), ("empty", ""), ("1 MiB", .string(String(repeating: "x", count: 1 << 20))),
        ("10000 items", .array(Array(repeating: .integer(7), count: 10_000))), ("64 deep", nested(64)), ("null", .null), ("true", true),
    ]

    static func nested(_ depth: Int) -> JSONValue {
        (0..<depth).reduce(JSONValue.string("bottom")) { inner, _ in ["a": inner] }
    }

    /// For a provider's own routes: `base` with each light extreme in each of `fields`, sent to `path`; every answer is
    /// below 500 and a refusal is the envelope. The heavy values stay with this suite (in one field): beside the other
    /// suites they would starve them.
    static func answerLightExtremes(
        _ client: any TestClientProtocol, token: String, path: String, base: JSONValue, fields: [String]
    ) async throws {
        for field in fields {
            for (name, value) in extremes where !heavy.contains(name) {
                let answer = try await client.call(.post, path, token: token, json: body(base, setting: field, to: value).jsonText)
                #expect(answer.status.code < 500, "\(path) \(field)=\(name): \(answer.status) \(answer.text.prefix(300))")
                if answer.status.code >= 400 { #expect(answer["error_code"]?.stringValue != nil, "\(path) \(field)=\(name): not the envelope") }
            }
        }
    }

    /// `base` with `value` at the dotted `path`.
    static func body(_ base: JSONValue, setting path: String, to value: JSONValue) -> JSONValue {
        let parts = path.split(separator: ".").map(String.init)
        func set(_ node: JSONValue, _ rest: ArraySlice<String>) -> JSONValue {
            guard let key = rest.first else { return value }
            var members = node.objectValue ?? [:]
            members[key] = set(members[key] ?? .object([:]), rest.dropFirst())
            return .object(members)
        }
        return set(base, parts[...])
    }

    @Test func aReportedTriggerDepthIsRefusedAndAChainStillRuns() async throws {
        try await SchedulerSetup.run { setup in
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "DEPTH-1")).status == .ok)
            let trigger = try #require(
                try await setup.createTrigger(
                    #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"action_type":"change_status","action_config":{"status":"pending"}}"#
                ))
            for depth in ["9223372036854775807", "-9223372036854775808", "-1", "1e19"] {
                let refused = try await setup.client.call(
                    .post, "/api/events", token: setup.token,
                    json: #"{"phone":"+55 34 9821-7808","type":"lead_updated","data":{"trigger_depth":\#(depth)}}"#)
                #expect(refused.status == .unprocessableContent && refused["details"]?["field"] == "data.trigger_depth", "\(refused.text)")
            }
            let report = #"{"phone":"+55 34 9821-7808","type":"lead_updated","data":{"score":90}}"#
            #expect(try await setup.client.call(.post, "/api/events", token: setup.token, json: report).status == .created)
            let later = Date().addingTimeInterval(setup.gateway.core.store.sequenceSettleTime + 5)
            _ = try await setup.tick(at: later)
            let log = try await setup.executions(trigger)
            #expect(log.count == 1 && log.first?["action_executed"] == .bool(true), "\(log)")
        }
    }

    /// An event-based trigger fed its event over and over (as a send on `message_status: sent` feeds itself through the
    /// provider's receipts) acts at most ten times an hour on one conversation.
    @Test func aTriggerFedItsOwnEventStopsAtItsHourlyFires() async throws {
        try await SchedulerSetup.run { setup in
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "LOOP-1")).status == .ok)
            let trigger = try #require(
                try await setup.createTrigger(
                    #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"action_type":"change_status","action_config":{"status":"pending"}}"#
                ))
            let fires = TriggerScheduler.maxFiresPerConversationHour + 2
            for index in 0..<fires {
                let report = #"{"phone":"+55 34 9821-7808","type":"lead_updated","data":{"round":\#(index)}}"#
                #expect(try await setup.client.call(.post, "/api/events", token: setup.token, json: report).status == .created)
            }
            let later = Date().addingTimeInterval(setup.gateway.core.store.sequenceSettleTime + 5)
            _ = try await setup.tick(at: later)
            let log = try await setup.executions(trigger)
            #expect(log.count == fires, "\(log)")
            #expect(log.filter { $0["action_executed"] == .bool(true) }.count == TriggerScheduler.maxFiresPerConversationHour)
            #expect(log.filter { $0["skip_reason"] == "rate_limited" }.count == 2, "\(log)")
        }
    }

    /// A simulation stops at its budget and says so; its figures count what it examined.
    @Test func aSimulationPastItsBudgetSaysItIsTruncated() async throws {
        try await SchedulerSetup.run { setup in
            for (index, digits) in ["553498217808", "5511900000001", "5511900000002"].enumerated() {
                #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "SIMB-\(index)", senderDigits: digits)).status == .ok)
            }
            let trigger = try TriggerService(
                store: setup.gateway.core.stores.triggers, runs: setup.gateway.core.stores.triggerRuns,
                conversations: setup.gateway.core.stores.conversations, actions: setup.gateway.runtime.scheduler.actions, clock: .system
            ).draft(
                clientID: "acme",
                TriggerService.Body(
                    name: nil, description: nil, trigger_type: "time_based",
                    trigger_config: ["delay_minutes": 1, "reference_field": "conversation.created_at"], condition_type: nil, condition_config: nil,
                    action_type: "change_status", action_config: ["status": "closed"], active: nil))
            var simulation = TriggerSimulation(stores: setup.gateway.core.stores, actions: setup.gateway.runtime.scheduler.actions)
            let whole = try await simulation.simulate(trigger, now: Date())
            #expect(whole.affected_conversations == 3 && !whole.truncated)
            simulation.maxExamined = 2
            let cut = try await simulation.simulate(trigger, now: Date())
            #expect(cut.affected_conversations == 2 && cut.truncated)
        }
    }

    @Test func aScoreBeyondAWholeDoubleIsRefusedAndTheLargestRendersExactly() async throws {
        try await SchedulerSetup.run { setup in
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "SCORE-1")).status == .ok)
            let id = try #require(
                try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue?.first?["id"]?.stringValue)
            for score in ["1e19", "-1e19", "1.7976931348623157e308", "1000000000000001"] {
                let refused = try await setup.client.call(.patch, "/api/conversations/\(id)", token: setup.token, json: #"{"lead":{"score":\#(score)}}"#)
                #expect(refused.status == .unprocessableContent && refused["details"]?["field"] == "lead.score", "\(score): \(refused.text)")
            }
            #expect(try await setup.client.call(.patch, "/api/conversations/\(id)", token: setup.token, json: #"{"lead":{"score":1e15}}"#).status == .ok)
            let simulated = try await setup.client.call(
                .post, "/api/triggers/test", token: setup.token,
                json: #"""
                    {"trigger_type":"time_based","trigger_config":{"delay_minutes":1,"reference_field":"conversation.created_at"},
                     "action_type":"send_message","action_config":{"message":"score {{lead.score}}"}}
                    """#)
            #expect(simulated["simulation"]?["samples"]?.arrayValue?.first?["message"] == "score 1000000000000000", "\(simulated.text)")
        }
    }

    @Test func nestedSectionsAreRefusedWhenSavedAndBoundedWhenRendered() async throws {
        try await SchedulerSetup.run { setup in
            let six = String(repeating: "{{#lead.tags}}", count: 6) + "x" + String(repeating: "{{/lead.tags}}", count: 6)
            let template = try await setup.client.call(
                .post, "/api/templates", token: setup.token, json: JSONValue.object(["id": "deep", "channel": "whatsapp", "body": .string(six)]).jsonText)
            #expect(template.status == .unprocessableContent && template["details"]?["field"] == "body", "\(template.text)")
            let draft: JSONValue = [
                "trigger_type": "time_based", "trigger_config": ["delay_minutes": 1, "reference_field": "conversation.created_at"],
                "action_type": "send_message", "action_config": ["message": .string(six)],
            ]
            let inline = try await setup.client.call(.post, "/api/triggers/test", token: setup.token, json: draft.jsonText)
            #expect(inline.status == .unprocessableContent && inline["details"]?["field"] == "action_config.message", "\(inline.text)")

            // Two deep passes the shape check; with 50 long tags it would render far past the budget: skipped, not run.
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "TAGS-1")).status == .ok)
            let id = try #require(
                try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue?.first?["id"]?.stringValue)
            let tags = JSONValue.array((0..<50).map { .string("tag-\($0)-" + String(repeating: "t", count: 50)) })
            #expect(
                try await setup.client.call(.patch, "/api/conversations/\(id)", token: setup.token, json: JSONValue.object(["lead": ["tags": tags]]).jsonText)
                    .status == .ok)
            let two = "{{#lead.tags}}{{#lead.tags}}{{.}} {{/lead.tags}}{{/lead.tags}}"
            let trigger = try #require(
                try await setup.createTrigger(
                    JSONValue.object([
                        "trigger_type": "time_based", "trigger_config": ["delay_minutes": 1, "reference_field": "conversation.created_at"],
                        "action_type": "send_message", "action_config": ["message": .string(two)],
                    ]).jsonText))
            let simulated = try await setup.client.call(.post, "/api/triggers/\(trigger)/test", token: setup.token)
            #expect(simulated.status == .ok && simulated["simulation"]?["affected_conversations"] == 1, "\(simulated.text)")
            _ = try await setup.tick(at: Date().addingTimeInterval(3_600))
            let log = try await setup.executions(trigger)
            #expect(log.first?["skip_reason"] == "template_over_budget", "\(log)")
            #expect(setup.sentTexts().isEmpty)
        }
    }

    /// A client keeps a bounded number of triggers and of templates: each scan of the event log reads every trigger.
    @Test func aClientKeepsABoundedNumberOfTriggersAndTemplates() async throws {
        let gateway = try await TestGateway.start(queue: .sqlite)
        let store = gateway.core.store
        let token = try await gateway.token("acme")
        let now = Date()
        let definition = try TriggerDefinition(
            triggerType: "event_based", triggerConfig: ["event": "lead_updated"], conditionType: "always", conditionConfig: [:],
            actionType: "change_status", actionConfig: ["status": "pending"])
        for index in 0..<TriggerService.maxPerClient {
            try await store.saveTrigger(
                TriggerRecord(
                    id: "trigger-\(index)", clientID: "acme", name: "t\(index)", description: nil, definition: definition, active: false,
                    executionCount: 0, lastExecutedAt: nil, createdAt: now, updatedAt: now))
        }
        for index in 0..<TemplateService.maxPerClient {
            try await store.saveTemplate(
                MessageTemplate(clientID: "acme", id: "template-\(index)", channel: .whatsapp, subject: nil, body: "oi", createdAt: now, updatedAt: now))
        }
        try await gateway.app.test(.router) { client in
            let trigger = #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"action_type":"change_status","action_config":{"status":"open"}}"#
            let refused = try await client.call(.post, "/api/triggers", token: token, json: trigger)
            #expect(refused.status == .unprocessableContent && refused["details"]?["field"] == "trigger_type", "\(refused.text)")
            let template = try await client.call(.post, "/api/templates", token: token, json: #"{"id":"one-more","channel":"whatsapp","body":"oi"}"#)
            #expect(template.status == .unprocessableContent && template["details"]?["field"] == "id", "\(template.text)")
            // Another client is not counted against it.
            let globex = try await gateway.token("globex")
            #expect(try await client.call(.post, "/api/triggers", token: globex, json: trigger).status == .created)
        }
    }

    /// The three cases that once trapped or stalled the server, against the real binary: each answers a 4xx or runs
    /// bounded, the process stays up, and SIGTERM stops it cleanly.
    @Test func theReportedCasesLeaveTheServerUpAndStoppable() async throws {
        let plugins = try TestPaths.scratchDirectory()
        try FileManager.default.copyItem(
            atPath: TestPaths.buildDirectory.appendingPathComponent("libUazapi.so").path, toPath: plugins.appendingPathComponent("libUazapi.so").path)
        let uazapi = FakeUazapi()
        try await LocalServer.run(uazapi.router) { url in
            let gateway = try GatewayProcess(pluginDirectory: plugins)
            let token = try gateway.command(["token", "issue", "--client", "acme"]).output
            func call(_ method: String, _ path: String, _ json: String? = nil) async throws -> (status: Int, body: JSONValue) {
                let answer = try await gateway.request(method, path, token: token, json: json)
                return (answer.status, (try? JSONDecoder().decode(JSONValue.self, from: answer.body)) ?? .null)
            }
            #expect(try await call("POST", "/api/integrations/whatsapp/configure", TestGateway.whatsappConfig(url, extra: #","test":false"#)).status == 200)
            #expect(try await gateway.request("POST", "/webhooks/uazapi", json: try UazapiDeliveries.message(id: "PROC-1")).status == 200)
            let conversation = try #require(try await call("GET", "/api/conversations").body["conversations"]?.arrayValue?.first?["id"]?.stringValue)

            // 1. A reported trigger_depth at Int64.max.
            #expect(
                try await call("POST", "/api/triggers", #"{"trigger_type":"event_based","trigger_config":{"event":"lead_updated"},"action_type":"change_status","action_config":{"status":"pending"}}"#)
                    .status == 201)
            let depth = try await call(
                "POST", "/api/events", #"{"conversation_id":"\#(conversation)","type":"lead_updated","data":{"trigger_depth":9223372036854775807}}"#)
            #expect(depth.status == 422, "\(depth.body)")
            // 2. A score of 1e19, then a message using it.
            #expect(try await call("PATCH", "/api/conversations/\(conversation)", #"{"lead":{"score":1e19}}"#).status == 422)
            let score = try await call(
                "POST", "/api/triggers/test",
                #"{"trigger_type":"time_based","trigger_config":{"delay_minutes":1,"reference_field":"conversation.created_at"},"action_type":"send_message","action_config":{"message":"{{lead.score}}"}}"#
            )
            #expect(score.status == 200, "\(score.body)")
            // 3. Fifty tags and sections six deep over them, simulated.
            let tags = JSONValue.array((0..<50).map { .string("tag\($0)") })
            #expect(try await call("PATCH", "/api/conversations/\(conversation)", JSONValue.object(["lead": ["tags": tags]]).jsonText).status == 200)
            let six = String(repeating: "{{#lead.tags}}", count: 6) + "x" + String(repeating: "{{/lead.tags}}", count: 6)
            let nested: JSONValue = [
                "trigger_type": "time_based", "trigger_config": ["delay_minutes": 1, "reference_field": "conversation.created_at"],
                "action_type": "send_message", "action_config": ["message": .string(six)],
            ]
            #expect(try await call("POST", "/api/triggers/test", nested.jsonText).status == 422)

            #expect(try await gateway.get("/health").status == 200)
            #expect(gateway.stop(with: SIGTERM) == .succeeded, "\(gateway.logLines.suffix(10))")
        }
    }

    @Test func everyWritableFieldTakesItsExtremesAndTheServerServesAnotherTenant() async throws {
        try await SchedulerSetup.run { setup in
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "EXT-1")).status == .ok)
            let conversation = try #require(
                try await setup.client.call(.get, "/api/conversations", token: setup.token)["conversations"]?.arrayValue?.first?["id"]?.stringValue)
            let trigger = try #require(
                try await setup.createTrigger(
                    #"""
                    {"trigger_type":"time_based","trigger_config":{"delay_minutes":1,"reference_field":"conversation.created_at"},
                     "action_type":"send_message","action_config":{"message":"{{lead.score}} {{#lead.tags}}{{.}},{{/lead.tags}} {{lead.fields}} {{event}}"}}
                    """#))
            let timeBased: JSONValue = [
                "trigger_type": "time_based", "trigger_config": ["delay_minutes": 1, "reference_field": "conversation.created_at"],
                "action_type": "send_message", "action_config": ["message": "hi"],
            ]
            let integration = try #require(try await setup.gateway.core.store.integration(clientID: "acme", type: .whatsapp))
            let stored = try integration.configFields()
            let routes: [(method: HTTPRequest.Method, path: String, base: JSONValue, fields: [String])] = [
                (.patch, "/api/conversations/\(conversation)", [:], ["status", "lead.score", "lead.tags", "lead.fields", "lead.fields.plan"]),
                (.post, "/api/events", ["conversation_id": .string(conversation), "type": "lead_updated"], ["type", "data", "data.x", "conversation_id"]),
                (
                    .post, "/api/triggers", timeBased,
                    ["name", "trigger_config.delay_minutes", "trigger_config", "action_config.message", "condition_config", "active"]
                ),
                (.post, "/api/templates", ["id": "t1", "channel": "whatsapp", "body": "hi"], ["id", "body", "subject"]),
                (.post, "/api/integrations/whatsapp/send", ["phone": "+5511999990000", "message": "hi"], ["phone", "message", "priority"]),
                // The stored token (its webhook route) is kept: the same api_url, no api_token.
                (
                    .post, "/api/integrations/whatsapp/configure",
                    ["api_url": stored["api_url"] ?? .null, "phone_number": stored["phone_number"] ?? .null, "test": false],
                    ["name", "phone_number", "send_rate_per_minute", "provider"]
                ),
            ]
            var table: [(route: String, tried: Int, refused: Int)] = []
            for route in routes {
                var tried = 0
                var refused = 0
                defer { table.append(("\(route.method) \(route.path.replacingOccurrences(of: conversation, with: "{id}"))", tried, refused)) }
                for field in route.fields {
                    for (name, value) in Self.extremes where Self.full || field == "lead.fields" || !Self.heavy.contains(name) {
                        tried += 1
                        let body = Self.body(route.base, setting: field, to: value)
                        let answer = try await setup.client.call(route.method, route.path, token: setup.token, json: body.jsonText)
                        #expect(answer.status.code < 500, "\(route.path) \(field)=\(name): \(answer.status) \(answer.text.prefix(300))")
                        if answer.status.code >= 400 {
                            refused += 1
                            #expect(answer["error_code"]?.stringValue != nil, "\(route.path) \(field)=\(name): not the envelope")
                        }
                    }
                }
            }
            // What was stored, through its consumers: a simulation and a scheduler fire.
            #expect(try await setup.client.call(.post, "/api/triggers/\(trigger)/test", token: setup.token).status == .ok)
            _ = try await setup.tick(at: Date().addingTimeInterval(3_600))
            #expect(try await setup.client.call(.get, "/health", token: nil).status == .ok)

            // Another tenant is served meanwhile.
            let globex = try await setup.gateway.token("globex")
            #expect(try await setup.client.call(.get, "/api/conversations", token: globex).status == .ok)
            #expect(try await setup.client.deliver("/webhooks/uazapi", try UazapiDeliveries.message(id: "EXT-2")).status == .ok)
            // The table the closing note quotes: every case answered (no 5xx, no crash), refused with a 4xx or stored.
            print("hostile tenant (\(Self.full ? "full" : "short")): route | tried | refused (4xx) | stored | survived")
            for row in table { print("  \(row.route) | \(row.tried) | \(row.refused) | \(row.tried - row.refused) | \(row.tried)") }
            let tried = table.map(\.tried).reduce(0, +)
            let refused = table.map(\.refused).reduce(0, +)
            print("  all | \(tried) | \(refused) | \(tried - refused) | \(tried)")
        }
    }
}
