import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GatewayHost

/// Real `gateway scheduler` processes on one PostgreSQL: several at once fire each episode once, and one killed with
/// SIGKILL mid-batch leaves nothing that a restart sends twice. The conversations are written days in the past, so
/// their timers are due as soon as the trigger arms them; the test gateway runs no scheduler of its own, only delivery.
@Suite struct SchedulerProcessTests {
    static let reminder = "Lembrete: seu pedido está pronto"

    private func withConversations(_ count: Int, _ body: @Sendable (SchedulerSetup, GatewayDatabase) async throws -> Void) async throws {
        try await SchedulerSetup.run(.postgres, adjust: { $0.scheduler.enabled = false }) { setup in
            let database = try #require(setup.gateway.database)
            for index in 0..<count {
                let delivery = try UazapiDeliveries.message(id: "PROC-\(index)", senderDigits: "55119" + String(format: "%08d", index))
                #expect(try await setup.client.deliver("/webhooks/uazapi", delivery).status == .ok)
            }
            _ = try TestPostgres.psql("UPDATE conversations SET created_at = created_at - interval '2 days'", database: database.name)
            try await body(setup, database)
        }
    }

    /// A follow-up one day after each conversation began: due at once for every conversation.
    private func armReminders(_ setup: SchedulerSetup) async throws -> String {
        let body = """
            {"trigger_type":"time_based","trigger_config":{"delay_days":1,"reference_field":"conversations.created_at"},
             "action_type":"send_message","action_config":{"channel":"whatsapp","message":"\(Self.reminder)"}}
            """
        return try #require(try await setup.createTrigger(body))
    }

    private func finished(_ setup: SchedulerSetup, _ triggerID: String) async throws -> [TriggerExecution] {
        var filter = ExecutionFilter()
        filter.triggerID = triggerID
        return try await setup.gateway.core.store.executions(clientID: "acme", filter: filter, limit: 10_000)
    }

    private func waitUntil(_ seconds: Int, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while try await !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
    }

    /// Every conversation got the reminder exactly once, whatever happened to the processes.
    private func expectOneReminderEach(_ setup: SchedulerSetup, count: Int) async throws {
        try await waitUntil(30) { setup.sentTexts().count >= count }
        try await Task.sleep(for: .milliseconds(500))  // room for a duplicate to show up
        let numbers = setup.uazapi.log.requests.filter { $0.path == "/send/text" && $0.body["text"] == .string(Self.reminder) }
            .compactMap { $0.body["number"]?.stringValue }
        #expect(numbers.count == count && Set(numbers).count == count, "\(numbers.count) sends to \(Set(numbers).count) numbers")
    }

    @Test func threeSchedulerProcessesFireEachEpisodeOnce() async throws {
        let count = 240
        try await withConversations(count) { setup, _ in
            let settings = ["GATEWAY_SCHEDULER_INTERVAL_MS": "100", "GATEWAY_PLUGIN_ISOLATION": "in-process"]
            let schedulers = try (0..<3).map { _ in try setup.gateway.workerProcess(role: "scheduler", extra: settings) }
            for scheduler in schedulers { #expect(try await scheduler.get("/health").status == 200) }
            let id = try await armReminders(setup)
            try await waitUntil(60) { try await finished(setup, id).count >= count }
            let executions = try await finished(setup, id)
            #expect(executions.count == count && Set(executions.compactMap(\.conversationID)).count == count)
            #expect(executions.filter { !$0.actionExecuted }.isEmpty, "every action ran")
            try await expectOneReminderEach(setup, count: count)
            let fires = schedulers.map { process in process.logLines.filter { $0.contains("trigger fired") }.count }
            #expect(fires.reduce(0, +) == count, "each fire logged by one process: \(fires)")
        }
    }

    @Test func aSchedulerKilledMidBatchIsFinishedByTheNextWithoutSendingTwice() async throws {
        let count = 300
        try await withConversations(count) { setup, _ in
            let settings = ["GATEWAY_SCHEDULER_INTERVAL_MS": "100", "GATEWAY_TRIGGER_CLAIM_MS": "2000", "GATEWAY_PLUGIN_ISOLATION": "in-process"]
            let first = try setup.gateway.workerProcess(role: "scheduler", extra: settings)
            #expect(try await first.get("/health").status == 200)
            let id = try await armReminders(setup)
            try await waitUntil(60) { try await finished(setup, id).count >= 20 }
            first.stop(with: SIGKILL)
            let done = try await finished(setup, id).count
            #expect(done < count, "killed mid-batch (\(done) of \(count) done)")

            let second = try setup.gateway.workerProcess(role: "scheduler", extra: settings)
            try await waitUntil(60) { try await finished(setup, id).count >= count }
            let executions = try await finished(setup, id)
            #expect(executions.count == count && Set(executions.compactMap(\.conversationID)).count == count)
            try await expectOneReminderEach(setup, count: count)
            withExtendedLifetime(second) {}
        }
    }
}
