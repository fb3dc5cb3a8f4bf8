import Foundation
import GatewayHost
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The HTTP edge: every error in the envelope, one log line per request, and an OpenAPI document of every route.
@Suite struct HTTPEdgeTests {
    private struct Envelope: Decodable {
        let success: Bool
        let error: String
        let error_code: String
        let details: [String: JSONValue]
        let timestamp: String
    }

    private struct Item: Decodable {
        let name: String
        let count: Int
    }

    private struct Unexpected: Error {}

    /// The gateway's router and middleware, with extra routes that decode a body and fail unexpectedly.
    private func app(logs: LogRecorder = LogRecorder()) -> some ApplicationProtocol {
        let routes = RouteTable()
        let router = buildRouter(routes: routes)
        routes.add(.post, "/items", summary: "test: decode a body", response: "OpenAPI", access: .public, on: router) { request, context in
            let item = try await request.decodeJSON(as: Item.self, context: context)
            return "\(item.name) \(item.count)"
        }
        routes.get("/items/{id}", summary: "test: a templated path", response: "OpenAPI", access: .public, on: router) { _, _ in "ok" }
        routes.get("/boom", summary: "test: an unexpected error", response: "OpenAPI", access: .public, on: router) { _, _ -> String in
            throw Unexpected()
        }
        return Application(router: router, logger: logs.logger())
    }

    private func envelope(_ response: TestResponse) throws -> Envelope {
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        let envelope = try JSONDecoder().decode(Envelope.self, from: Data(response.body.readableBytesView))
        #expect(envelope.success == false)
        #expect((try? Date(envelope.timestamp, strategy: .iso8601)) != nil)
        return envelope
    }

    @Test func anUnknownRouteIsNotFoundInTheEnvelope() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try envelope(response)
                #expect(body.error_code == "NOT_FOUND")
            }
        }
    }

    @Test func aWrongMethodIsMethodNotAllowedListingTheAllowedOnes() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/items/7", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                let body = try envelope(response)
                #expect(body.error_code == "METHOD_NOT_ALLOWED")
                #expect(body.details["allowed"] == .array([.string("GET")]))
                #expect(response.headers[.allow] == "GET")
            }
        }
    }

    @Test func undeclaredMethodsTraceIncludedAreMethodNotAllowedOnTheRealServer() async throws {
        let gateway = try await TestGateway.start(plugins: [])
        try await gateway.app.test(.live) { client in
            for method in [HTTPRequest.Method.trace, .put, .delete, HTTPRequest.Method("PURGE")!] {
                try await client.execute(uri: "/health", method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method)")
                    let body = try envelope(response)
                    #expect(body.error_code == "METHOD_NOT_ALLOWED" && body.details["allowed"] == .array([.string("GET")]), "\(method)")
                    #expect(response.headers[.allow] == "GET", "\(method)")
                }
            }
            // A literal segment wins over a parameter, in the router and in Allow.
            try await client.execute(uri: "/api/triggers/test", method: .get) { response in
                #expect(response.status == .methodNotAllowed && response.headers[.allow] == "POST")
            }
        }
    }

    @Test func malformedJSONIsInvalidPayload() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/items", method: .post, body: ByteBuffer(string: #"{"name": "a", "count": "#)) { response in
                #expect(response.status == .badRequest)
                let body = try envelope(response)
                #expect(body.error_code == "INVALID_PAYLOAD")
            }
        }
    }

    @Test(arguments: [(#"{"name": "a", "count": "three"}"#, "count"), (#"{"count": 3}"#, "name")])
    func aMissingOrWrongTypedFieldIsAValidationErrorNamingIt(body: String, field: String) async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/items", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .unprocessableContent)
                let envelope = try envelope(response)
                #expect(envelope.error_code == "VALIDATION_ERROR")
                #expect(envelope.details["field"] == .string(field))
            }
        }
    }

    @Test func anOversizeBodyIsPayloadTooLarge() async throws {
        let body = ByteBuffer(string: #"{"name": ""# + String(repeating: "x", count: 3 * 1024 * 1024) + #"", "count": 1}"#)
        try await app().test(.router) { client in
            try await client.execute(uri: "/items", method: .post, body: body) { response in
                #expect(response.status == .contentTooLarge)
                let body = try envelope(response)
                #expect(body.error_code == "PAYLOAD_TOO_LARGE")
            }
        }
    }

    @Test func anUnexpectedErrorIsAnInternalErrorThatRevealsNothing() async throws {
        try await app().test(.router) { client in
            try await client.execute(uri: "/boom", method: .get) { response in
                #expect(response.status == .internalServerError)
                let envelope = try envelope(response)
                #expect(envelope.error_code == "INTERNAL_ERROR")
                #expect(envelope.error == "internal error")
                #expect(envelope.details.isEmpty)
            }
        }
    }

    @Test func eachRequestIsLoggedWithItsIdRouteTemplateStatusAndDuration() async throws {
        let logs = LogRecorder()
        try await app(logs: logs).test(.router) { client in
            let requestId = try await client.execute(uri: "/items/customer-5511999990000", method: .get) { response in
                #expect(response.status == .ok)
                return try #require(response.headers[HTTPField.Name("X-Request-Id")!])
            }
            let line = try #require(logs.recorded.first { $0.contains("request.id=\(requestId)") && $0.contains(" request ") })
            #expect(line.contains("http.route=/items/{id}"))
            #expect(line.contains("http.status=200"))
            #expect(line.contains("http.method=GET"))
            #expect(line.contains("http.duration_ms="))
            #expect(!logs.recorded.contains { $0.contains("5511999990000") }, "the raw path never reaches the log")
        }
    }

    @Test func jsonLogLinesCarryTheMessageLevelAndMetadata() throws {
        let lines = LinesBox()
        var handler = JSONLogHandler(label: "gateway") { lines.append($0) }
        handler[metadataKey: "request.id"] = "r-1"
        let logger = Logger(label: "gateway") { _ in handler }
        logger.warning("plugin refused", metadata: ["plugin.path": "/p/libx.so"])
        let line = try #require(lines.all.first)
        #expect(!line.contains("\n"))
        let object = try JSONDecoder().decode([String: String].self, from: Data(line.utf8))
        #expect(object["message"] == "plugin refused")
        #expect(object["level"] == "warning")
        #expect(object["request.id"] == "r-1")
        #expect(object["plugin.path"] == "/p/libx.so")
        #expect(object["timestamp"] != nil)
    }
}

/// Lines a test log handler wrote.
final class LinesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var all: [String] { lock.withLock { lines } }

    func append(_ line: String) {
        lock.withLock { lines.append(line) }
    }
}
