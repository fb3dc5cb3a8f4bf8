import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MCP
import Testing

@testable import GatewayHost

/// `/mcp` at the HTTP level, with raw JSON-RPC: who may call it, which requests the transport refuses, and how bad
/// tool input is answered (a result the agent can read, never a crash or another client's data).
@Suite struct MCPRequestTests {
    private static let origin = HTTPField.Name("Origin")!
    private static let protocolVersion = HTTPField.Name("MCP-Protocol-Version")!

    private func post(
        _ client: any TestClientProtocol, token: String?, _ body: String, headers extra: HTTPFields = [:]
    ) async throws -> APIResponse {
        var headers: HTTPFields = [.contentType: "application/json", .accept: "application/json, text/event-stream"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        headers.append(contentsOf: extra)
        return try await client.execute(uri: "/mcp", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            let text = String(buffer: response.body)
            return APIResponse(
                status: response.status, body: (try? JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))) ?? [:], text: text)
        }
    }

    private func callTool(_ client: any TestClientProtocol, token: String, _ name: String, _ arguments: String) async throws -> JSONValue? {
        let answer = try await post(
            client, token: token, #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"\#(name)","arguments":\#(arguments)}}"#)
        #expect(answer.status == .ok, "\(answer.text)")
        return answer["result"]
    }

    private let list = #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#

    @Test func onlyListedOrLoopbackBrowserOriginsMayCall() async throws {
        let gateway = try await TestGateway.start(plugins: [])
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            #expect(try await post(client, token: token, list).status == .ok, "no Origin: not a browser")
            #expect(try await post(client, token: token, list, headers: [Self.origin: "http://localhost:5173"]).status == .ok)
            let evil = try await post(client, token: token, list, headers: [Self.origin: "https://evil.example"])
            #expect(evil.status == .forbidden && evil["error_code"] == "FORBIDDEN")
        }
        var configuration = gateway.configuration
        configuration.mcpOrigins = MCPOriginPolicy(allowed: ["https://app.example.com"])
        #expect(configuration.mcpOrigins.allows("https://app.example.com") && !configuration.mcpOrigins.allows("http://localhost:5173"))
        let fromEnvironment = try GatewayConfiguration.fromEnvironment(["GATEWAY_MCP_ALLOWED_ORIGINS": "https://a.example, https://b.example"])
        #expect(fromEnvironment.mcpOrigins.allowed == ["https://a.example", "https://b.example"])
    }

    @Test func theTransportRefusesWhatTheSpecificationRefuses() async throws {
        let gateway = try await TestGateway.start(plugins: [])
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            let unsupported = try await post(client, token: token, list, headers: [Self.protocolVersion: "1999-01-01"])
            #expect(unsupported.status == .badRequest && unsupported["error"]?["code"] == -32600)
            #expect(try await post(client, token: token, list, headers: [Self.protocolVersion: "2025-11-25"]).status == .ok)
            #expect(try await post(client, token: token, "{not json").status == .badRequest)
            let getStream = try await client.call(.get, "/mcp", token: token)
            #expect(getStream.status == .methodNotAllowed && getStream["error_code"] == "METHOD_NOT_ALLOWED")
            #expect(try await client.call(.delete, "/mcp", token: token).status == .methodNotAllowed)
            let huge = #"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"pad":""# + String(repeating: "x", count: 3 << 20) + #""}}"#
            let tooLarge = try await post(client, token: token, huge)
            #expect(tooLarge.status == .contentTooLarge && tooLarge["error_code"] == "PAYLOAD_TOO_LARGE")
            let notification = try await post(client, token: token, #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
            #expect(notification.status == .accepted)
            let noAccept = try await client.execute(
                uri: "/mcp", method: .post, headers: [.contentType: "application/json", .authorization: "Bearer \(token)"], body: ByteBuffer(string: list)
            ) { $0.status }
            #expect(noAccept == .ok, "no Accept header accepts JSON")
            // Ids the SDK cannot echo once hung the request (true) or were taken for a notification (1.5).
            for malformed in [
                #"{"jsonrpc":"2.0","id":true,"method":"tools/list"}"#, #"{"jsonrpc":"2.0","id":1.5,"method":"tools/list"}"#,
                #"{"jsonrpc":"2.0","id":1,"method":5}"#, #"{"jsonrpc":"1.0","id":1,"method":"tools/list"}"#, #"{"jsonrpc":"2.0","id":"x"}"#, "[]",
                #"{"jsonrpc":"2.0","id":"x","method":"","result":null,"error":null}"#, #"{"jsonrpc":"2.0","id":"x","result":{},"error":{}}"#,
            ] {
                let refused = try await post(client, token: token, malformed)
                #expect(refused.status == .badRequest && refused["error"]?["code"] == -32600, "\(malformed): \(refused.text)")
            }
        }
    }

    /// A request the SDK never finishes answers at the deadline instead of holding its connection (and a shutdown).
    @Test func aRequestThatNeverFinishesAnswersAtItsDeadline() async throws {
        let never = await MCPEndpoint.answer(within: .milliseconds(50)) {
            try? await Task.sleep(for: .seconds(3_600))
            return .accepted()
        }
        #expect(never == nil)
        let quick = await MCPEndpoint.answer(within: .seconds(60)) { .accepted() }
        #expect(quick?.statusCode == 202, "a finished request answers, and its deadline does not")
    }

    @Test func badToolInputIsAnErrorResultNamingTheField() async throws {
        let gateway = try await TestGateway.start(plugins: ["Uazapi"])
        try await gateway.app.test(.router) { client in
            let token = try await gateway.token("acme")
            let unknownTool = try await post(
                client, token: token, #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"drop_tables","arguments":{}}}"#)
            #expect(unknownTool["error"]?["code"] == -32602, "an unknown tool is a protocol error")

            func expectRefused(_ tool: String, _ arguments: String, code: String, field: String?) async throws {
                let result = try await callTool(client, token: token, tool, arguments)
                #expect(result?["isError"] == .bool(true), "\(tool) \(arguments)")
                #expect(result?["structuredContent"]?["error_code"] == .string(code), "\(tool) \(arguments): \(String(describing: result))")
                if let field { #expect(result?["structuredContent"]?["details"]?["field"] == .string(field), "\(tool) \(arguments)") }
                #expect(result?["content"]?.arrayValue?.first?["text"]?.stringValue?.contains(code) == true)
            }
            try await expectRefused("send_whatsapp", #"{"phone":12345}"#, code: "VALIDATION_ERROR", field: "phone")
            try await expectRefused("send_whatsapp", #"{"message":"oi"}"#, code: "VALIDATION_ERROR", field: "phone")
            try await expectRefused("send_whatsapp", #"{"phone":"+5511988887777","mesage":"typo"}"#, code: "VALIDATION_ERROR", field: "mesage")
            let long = String(repeating: "a", count: 5_000)
            try await expectRefused("send_whatsapp", #"{"phone":"+5511988887777","message":"\#(long)"}"#, code: "VALIDATION_ERROR", field: "message")
            try await expectRefused(
                "send_whatsapp", #"{"phone":"+5511988887777","message":"oi","wait_seconds":600}"#, code: "VALIDATION_ERROR", field: "wait_seconds")
            try await expectRefused("send_whatsapp", #"{"phone":"+5511988887777","message":"oi"}"#, code: "INTEGRATION_NOT_FOUND", field: nil)
            try await expectRefused(
                "send_email", #"{"to":["a@example.com"],"subject":"Oi","body":"corpo"}"#, code: "INTEGRATION_NOT_FOUND", field: nil)
            try await expectRefused("query_database", #"{"table":"orders"}"#, code: "INTEGRATION_NOT_FOUND", field: nil)
            try await expectRefused("query_database", #"{"table":"orders","limit":"ten"}"#, code: "VALIDATION_ERROR", field: "limit")
            try await expectRefused("get_message_status", #"{"message_id":"nope"}"#, code: "NOT_FOUND", field: nil)
            try await expectRefused("get_message_status", "{}", code: "VALIDATION_ERROR", field: "message_id")
        }
    }
}
