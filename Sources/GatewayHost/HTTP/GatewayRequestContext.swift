public import Hummingbird
import Synchronization

/// The request context of every route: who is calling and which client the request acts for, once the route table
/// has authenticated it.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    package var identity: Identity?
    /// Set for tenant routes; handlers read it through `actingClientID()`.
    package var clientID: String?
    /// The peer's IP address (a proxy's, behind one).
    package let remoteAddress: String?
    /// Shared with the request log middleware, which runs outside the route and logs the client id.
    let logFields = RequestLogFields()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The client a tenant route acts for.
    package func actingClientID() throws -> String {
        guard let clientID else { throw GatewayError(.unauthorized, .unauthorized, "authentication required") }
        return clientID
    }

    /// The authenticated caller.
    package func caller() throws -> Identity {
        guard let identity else { throw GatewayError(.unauthorized, .unauthorized, "authentication required") }
        return identity
    }
}

/// What a route learns about a request that its log line should carry.
final class RequestLogFields: Sendable {
    private let client = Mutex<String?>(nil)

    var clientID: String? {
        get { client.withLock { $0 } }
        set { client.withLock { $0 = newValue } }
    }
}
