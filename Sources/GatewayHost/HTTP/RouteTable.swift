public import HTTPTypes
public import Hummingbird
import Synchronization

/// Every route the server serves, with who may call it and what the OpenAPI document says about it. Controllers
/// register through it, so the server knows its own routes: to authenticate each one as declared, to answer 405 for a
/// known path, and to document every one of them.
public final class RouteTable: Sendable {
    /// Who may call a route.
    public enum Access: String, Sendable {
        /// Anyone (health, the OpenAPI document).
        case `public`
        /// Any authenticated caller; the route acts for the caller's client (an admin's `?client_id=` chooses another).
        case tenant
        /// Admins only.
        case admin
    }

    public struct Route: Sendable {
        public let method: HTTPRequest.Method
        /// A template: `/api/integrations/{id}`.
        public let path: String
        public let summary: String
        /// The component schema of the JSON request body, if the route takes one.
        public let request: String?
        /// The component schema of the success response.
        public let response: String
        /// The success status: 200, or 201 for a route that creates.
        public let successStatus: HTTPResponse.Status
        public let access: Access
    }

    private let entries = Mutex<[Route]>([])
    private let authenticator: Authenticator?
    /// The API call limits authenticated routes take from (none on a worker's monitoring port).
    private let limits: RequestLimits?

    /// A table for public routes only.
    public convenience init() {
        self.init(authenticator: nil, limits: nil)
    }

    init(authenticator: Authenticator?, limits: RequestLimits?) {
        self.authenticator = authenticator
        self.limits = limits
    }

    public var routes: [Route] { entries.withLock { $0 } }

    /// Registers `handler` on `router` and records the route.
    public func get(
        _ path: String, summary: String, response: String, access: Access, on router: Router<GatewayRequestContext>,
        _ handler: @escaping @Sendable (Request, GatewayRequestContext) async throws -> some ResponseGenerator
    ) {
        add(.get, path, summary: summary, request: nil, response: response, access: access, on: router, handler)
    }

    /// Registers `handler` on `router` behind the authentication `access` asks for, and records the route.
    public func add(
        _ method: HTTPRequest.Method, _ path: String, summary: String, request: String? = nil, response: String,
        successStatus: HTTPResponse.Status = .ok, access: Access, on router: Router<GatewayRequestContext>,
        _ handler: @escaping @Sendable (Request, GatewayRequestContext) async throws -> some ResponseGenerator
    ) {
        precondition(access == .public || authenticator != nil, "route \(path) needs authentication but the route table has no authenticator")
        entries.withLock {
            $0.append(
                Route(
                    method: method, path: path, summary: summary, request: request, response: response, successStatus: successStatus, access: access))
        }
        router.on(RouterPath(path), method: method) { [authenticator, limits] request, context in
            guard access != .public, let authenticator else { return try await handler(request, context).response(from: request, context: context) }
            var context = context
            let identity = try await authenticator.authenticate(request)
            context.identity = identity
            context.logFields.clientID = identity.clientID
            switch access {
            case .admin:
                guard identity.role == .admin else { throw GatewayError(.forbidden, .forbidden, "this route is for admins") }
            case .tenant:
                let clientID = try await authenticator.actingClient(identity, requested: request.uri.queryParameters.get("client_id"))
                context.clientID = clientID
                context.logFields.clientID = clientID
            case .public:
                break
            }
            let taken = try await limits?.admitCall(identity) ?? []
            var response = try await handler(request, context).response(from: request, context: context)
            response.headers.append(contentsOf: RequestLimits.headers(taken))
            return response
        }
    }

    /// The methods served at a concrete path (empty when no template matches it).
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var candidates = routes.map { ($0.method, template: $0.path.split(separator: "/", omittingEmptySubsequences: true)) }.filter {
            $0.template.count == segments.count && zip($0.template, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
        // Like the router, a literal segment wins over a parameter (`/api/triggers/test` is not `/api/triggers/{id}`).
        for (index, segment) in segments.enumerated() where candidates.contains(where: { $0.template[index] == segment }) {
            candidates.removeAll { $0.template[index] != segment }
        }
        return candidates.map(\.0)
    }
}
