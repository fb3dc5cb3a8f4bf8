import Foundation
import Hummingbird
import Logging

/// `/api/triggers`: the seed's trigger routes. Every route acts for one client; another client's trigger is 404
/// `TRIGGER_NOT_FOUND`. Not built yet: `POST /api/triggers/{id}/test` (issue 14).
struct TriggersController {
    let service: TriggerService
    let routes: RouteTable

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
        struct Entry: Encodable {
            let id: String
            let conversation_id: String?
            let executed_at: String
            let condition_met: Bool
            let action_executed: Bool
            let result: JSONValue
            let error_message: JSONValue
            let skip_reason: JSONValue
            let execution_time_ms: Int
        }

        var success = true
        let executions: [Entry]
    }

    struct Deleted: ResponseEncodable {
        var success = true
        let message = "Trigger deleted successfully"
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
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
            .put, "/api/triggers/{id}", summary: "Change a trigger: only the fields given change", request: "TriggerBody",
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
            "/api/triggers/{id}/executions", summary: "A trigger's executions, newest first (100): condition, action, result, skip reason",
            response: "TriggerExecutionList", access: .tenant, on: router
        ) { _, context in
            let clientID = try context.actingClientID()
            let trigger = try await service.trigger(clientID: clientID, id: try context.parameters.require("id"))
            let executions = try await service.store.executions(clientID: clientID, triggerID: trigger.id, limit: 100)
            return ExecutionList(
                executions: executions.map { execution in
                    ExecutionList.Entry(
                        id: execution.id, conversation_id: execution.conversationID, executed_at: execution.executedAt.formatted(.iso8601),
                        condition_met: execution.conditionMet, action_executed: execution.actionExecuted, result: execution.result ?? .null,
                        error_message: execution.errorMessage.map(JSONValue.string) ?? .null,
                        skip_reason: execution.skipReason.map(JSONValue.string) ?? .null,
                        execution_time_ms: execution.milliseconds
                    )
                }
            )
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
        do {
            return try await request.decodeJSON(as: type, context: context)
        } catch let error as DecodingError {
            let envelope = GatewayError(error, logger: context.logger)
            guard envelope.code == .validationError, let field = envelope.details["field"]?.stringValue else { throw envelope }
            throw TriggerError.invalid(envelope.message, field: field)
        }
    }
}
