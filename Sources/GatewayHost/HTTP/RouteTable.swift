public import HTTPTypes
public import Hummingbird
import Synchronization

/// Every route the server serves, with what the OpenAPI document says about it. Controllers register through it, so
/// the server knows its own routes: to answer 405 for a known path, and to document every one of them.
public final class RouteTable: Sendable {
    public struct Route: Sendable {
        public let method: HTTPRequest.Method
        /// A template: `/api/integrations/{id}`.
        public let path: String
        public let summary: String
        /// The component schema of the 200 response.
        public let response: String
    }

    private let entries = Mutex<[Route]>([])

    public init() {}

    public var routes: [Route] { entries.withLock { $0 } }

    /// Registers `handler` on `router` and records the route.
    public func get<Context: RequestContext>(
        _ path: String, summary: String, response: String, on router: Router<Context>,
        _ handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        add(.get, path, summary: summary, response: response, on: router, handler)
    }

    public func add<Context: RequestContext>(
        _ method: HTTPRequest.Method, _ path: String, summary: String, response: String, on router: Router<Context>,
        _ handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) {
        entries.withLock { $0.append(Route(method: method, path: path, summary: summary, response: response)) }
        router.on(RouterPath(path), method: method, use: handler)
    }

    /// The methods served at a concrete path (empty when no template matches it).
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return routes.filter { route in
            let template = route.path.split(separator: "/", omittingEmptySubsequences: true)
            return template.count == segments.count && zip(template, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }.map(\.method)
    }
}
