import Foundation
@testable import GatewayHost
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging

/// The gateway in-process on a fresh store, with chosen plugin `.so` files loaded by the real loader, every log line
/// recorded, and tokens minted with the test signing secret.
struct TestGateway {
    static let jwtSecret = "test-jwt-signing-secret-0123456789abcdef"

    /// Built by the same composition root as `serve` and `worker`.
    let runtime: GatewayRuntime
    let logs: LogRecorder
    let database: GatewayDatabase?

    var configuration: GatewayConfiguration { runtime.configuration }
    var core: GatewayCore { runtime.core }
    var backend: QueueBackend { runtime.backend }
    var registry: PluginRegistry { runtime.registry }

    /// `plugins` are product names (`Uazapi`, `SMTP`, ...) in the build directory, or paths of other `.so` files (test
    /// fixtures), copied into a scratch plugin dir.
    static func start(_ backend: TestStore.Backend = .sqlite, plugins: [String] = ["Uazapi"]) async throws -> TestGateway {
        try await start(store: backend, plugins: plugins)
    }

    /// The gateway with its queue on `queue` (the store on `store`, else the queue's), and `adjust` applied to the
    /// configuration (delivery settings).
    static func start(
        queue: TestQueue, store: TestStore.Backend? = nil, plugins: [String] = ["Uazapi"], adjust: (inout GatewayConfiguration) -> Void = { _ in }
    ) async throws -> TestGateway {
        try await start(store: store ?? queue.store, plugins: plugins) { configuration in
            if queue == .redis { configuration.redisURL = try TestQueue.redisURL() }
            configuration.redisPrefix = "test-\(UUID().uuidString.prefix(8)):"
            adjust(&configuration)
        }
    }

    private static func start(
        store backend: TestStore.Backend, plugins: [String], adjust: (inout GatewayConfiguration) throws -> Void = { _ in }
    ) async throws -> TestGateway {
        let directory = try TestPaths.scratchDirectory()
        for plugin in plugins {
            let source = plugin.contains("/") ? URL(fileURLWithPath: plugin) : TestPaths.buildDirectory.appendingPathComponent("lib\(plugin).so")
            try FileManager.default.copyItem(at: source, to: directory.appendingPathComponent(source.lastPathComponent))
        }
        var (configuration, database) = try TestStore.configuration(backend, pluginDirectories: [directory.path])
        try adjust(&configuration)
        let logs = LogRecorder()
        let runtime = try await GatewayRuntime.open(configuration, logger: logs.logger())
        return TestGateway(runtime: runtime, logs: logs, database: database)
    }

    var app: some ApplicationProtocol {
        buildApplication(runtime: runtime)
    }

    /// A token for `client` (created if new).
    func token(_ client: String, role: Role = .client) async throws -> String {
        try await runtime.token(client, role: role)
    }
}

extension GatewayRuntime {
    /// A token for `client` (created if new), signed with the test secret.
    func token(_ client: String, role: Role = .client) async throws -> String {
        if try await core.store.client(id: client) == nil {
            try await core.store.createClient(ClientRecord(id: client, name: client, createdAt: Date()), actor: "operator")
        }
        return try await core.tokens.issue(subject: "\(client)-user", clientID: client, role: role)
    }
}

/// One answer of the API: status and JSON body.
struct APIResponse {
    let status: HTTPResponse.Status
    let body: [String: JSONValue]
    let text: String

    subscript(key: String) -> JSONValue? { body[key] }
}

extension TestClientProtocol {
    /// Calls the API with a bearer token and an optional JSON body.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil) async throws -> APIResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            let body = (try? JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))) ?? [:]
            return APIResponse(status: response.status, body: body, text: text)
        }
    }
}



