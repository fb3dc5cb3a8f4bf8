import Foundation
import Hummingbird
import Logging

/// `/api/triggers`: the seed's trigger routes. Every route acts for one client; another client's trigger is 404
/// `TRIGGER_NOT_FOUND`.
struct TriggersController {
    let service: TriggerService
    let simulation: TriggerSimulation
    let routes: RouteTable

    struct SimulationResponse: ResponseEncodable {
        var success = true
        let simulation: TriggerSimulation.Report
        var test_message: JSONValue?
    }

    /// The body `POST /api/triggers/{id}/test` may have.
    struct TestBody: Decodable {
        let send_test_to: String?
    }

    struct TriggerResponse: ResponseEncodable {
        var success = true
        let trigger: TriggerView
    }

    struct TriggerList: ResponseEncodable {
        var success = true
        let triggers: [TriggerView]
        let total: Int
    }

    struct Toggle: Decodable {
        let active: Bool
    }

    struct ExecutionList: ResponseEncodable {
        var success = true
        let executions: [ExecutionView]
        /// Pass as `cursor` for the next page.
        let next_cursor: String?
    }

    struct Deleted: ResponseEncodable {
        var success = true
        let message = "Trigger deleted successfully"
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.add(
            .post, "/api/triggers/{id}/test",
            summary:
                "What the trigger would do now: the seed's four figures, samples and near misses, no side effect; with send_test_to, one rendered message to that address only",
            request: "TriggerTestBody", response: "TriggerSimulationResponse", access: .tenant, on: router
        ) { request, context in
            let trigger = try await service.trigger(clientID: try context.actingClientID(), id: try context.parameters.require("id"))
            let bytes = try await request.body.collect(upTo: context.maxUploadSize)
            let body = bytes.readableBytes == 0 ? nil : try Self.decode(TestBody.self, Data(bytes.readableBytesView), context)
            let now = service.clock.now
            var response = SimulationResponse(simulation: try await simulation.simulate(trigger, now: now))
            if let address = body?.send_test_to {
                let sample = response.simulation.samples.first?.conversation_id
                response.test_message = try await simulation.sendTest(trigger, to: address, sample: sample, now: now)
            }
            return response
        }
        routes.add(
            .post, "/api/triggers/test", summary: "Simulate an unsaved trigger body (every rule checked; nothing is stored)", request: "TriggerBody",
            response: "TriggerSimulationResponse", access: .tenant, on: router
        ) { request, context in
            let body = try await Self.decode(TriggerService.Body.self, request, context)
            let trigger = try service.draft(clientID: try context.actingClientID(), body)
            return SimulationResponse(simulation: try await simulation.simulate(trigger, now: service.clock.now))
        }
        routes.add(
            .post, "/api/triggers", summary: "Create a trigger: WHEN (trigger_type, trigger_config), IF (condition_*), THEN (action_*)",
            request: "TriggerBody",
            response: "TriggerResponse", successStatus: .created, access: .tenant, on: router
        ) { request, context in
            let body = try await Self.decode(TriggerService.Body.self, request, context)
            let trigger = try await service.create(clientID: try context.actingClientID(), body)
            return EncodedResponse(status: .created, body: TriggerResponse(trigger: TriggerView(trigger)))
        }
        routes.get("/api/triggers", summary: "The client's triggers (?active=true|false)", response: "TriggerList", access: .tenant, on: router) {
            request, context in
            let triggers = try await service.triggers(clientID: try context.actingClientID(), active: request.uri.queryParameters.get("active"))
            return TriggerList(triggers: triggers.map(TriggerView.init), total: triggers.count)
        }
        routes.get("/api/triggers/{id}", summary: "A trigger", response: "TriggerResponse", access: .tenant, on: router) { _, context in
            TriggerResponse(
                trigger: TriggerView(try await service.trigger(clientID: try context.actingClientID(), id: try context.parameters.require("id"))))
        }
        routes.add(
            .put, "/api/triggers/{id}", summary: "Change a trigger: only the fields given change", request: "TriggerChange",
            response: "TriggerResponse",
            access: .tenant, on: router
        ) { request, context in
            let body = try await Self.decode(TriggerService.Body.self, request, context)
            let trigger = try await service.update(clientID: try context.actingClientID(), id: try context.parameters.require("id"), body)
            return TriggerResponse(trigger: TriggerView(trigger))
        }
        routes.add(
            .patch, "/api/triggers/{id}/toggle", summary: "Switch a trigger on or off ({\"active\": false})", request: "TriggerToggle",
            response: "TriggerResponse", access: .tenant, on: router
        ) { request, context in
            let toggle = try await Self.decode(Toggle.self, request, context)
            let trigger = try await service.toggle(
                clientID: try context.actingClientID(), id: try context.parameters.require("id"), active: toggle.active)
            return TriggerResponse(trigger: TriggerView(trigger))
        }
        routes.get(
            "/api/triggers/{id}/executions", summary: "A trigger's executions, newest first: ?status=executed|skipped|failed, since, cursor, limit",
            response: "TriggerExecutionList", access: .tenant, on: router
        ) { request, context in
            let clientID = try context.actingClientID()
            let trigger = try await service.trigger(clientID: clientID, id: try context.parameters.require("id"))
            return try await executions(clientID: clientID, triggerID: trigger.id, request.uri.queryParameters)
        }
        routes.get(
            "/api/executions",
            summary: "The client's trigger executions, newest first: ?trigger_id, status=executed|skipped|failed, since, cursor, limit",
            response: "TriggerExecutionList", access: .tenant, on: router
        ) { request, context in
            let query = request.uri.queryParameters
            return try await executions(clientID: try context.actingClientID(), triggerID: query.get("trigger_id"), query)
        }
        routes.add(
            .delete, "/api/triggers/{id}", summary: "Delete a trigger (its executions stay)", response: "TriggerDeleted", access: .tenant, on: router
        ) {
            _, context in
            try await service.delete(clientID: try context.actingClientID(), id: try context.parameters.require("id"))
            return Deleted()
        }
    }

    /// A wrong-typed or missing field is `INVALID_TRIGGER_CONFIG` naming it, as the seed answers trigger errors.
    private static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: GatewayRequestContext) async throws -> T {
        try decode(type, Data(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView), context)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ context: GatewayRequestContext) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            let envelope = GatewayError(error, logger: context.logger)
            guard envelope.code == .validationError, let field = envelope.details["field"]?.stringValue else { throw envelope }
            throw TriggerError.invalid(envelope.message, field: field)
        }
    }

    /// One page of executions for the query's filters.
    private func executions(clientID: String, triggerID: String?, _ query: Parameters) async throws -> ExecutionList {
        var filter = ExecutionFilter()
        filter.triggerID = triggerID
        if let status = query.get("status") {
            guard let outcome = ExecutionFilter.Outcome(rawValue: status) else {
                throw TriggerError.invalid("status must be executed, skipped or failed", field: "status")
            }
            filter.outcome = outcome
        }
        if let since = query.get("since") {
            guard let date = SQLTimestamp.parse(since) else { throw TriggerError.invalid("since must be an ISO 8601 time", field: "since") }
            filter.since = date
        }
        if let cursor = query.get("cursor") {
            guard let position = Int64(cursor), position > 0 else { throw TriggerError.invalid("cursor is not one this API gave", field: "cursor") }
            filter.before = position
        }
        let limit = query.get("limit").flatMap(Int.init) ?? 50
        guard (1...200).contains(limit) else { throw TriggerError.invalid("limit must be 1 to 200", field: "limit") }
        let rows = try await service.runs.executions(clientID: clientID, filter: filter, limit: limit)
        return ExecutionList(executions: rows.map(ExecutionView.init), next_cursor: rows.count == limit ? rows.last.map { String($0.seq) } : nil)
    }
}
