import Foundation
import HTTPTypes
import Hummingbird

/// Provider webhooks: `POST /webhooks/{provider}` (the seed's `/webhooks/uazapi`, the reference's `/webhooks/evolution`)
/// for plugins whose manifest names a `webhook_route`, and `/webhooks/{provider}/{integration_id}[/{secret}]` for any
/// plugin that takes webhooks (GET too, for verification handshakes). Unauthenticated by the gateway's tokens:
/// the plugin authenticates each delivery. 200 only once the events are recorded.
struct WebhooksController {
    let service: WebhookService
    let routes: RouteTable
    let publicURL: PublicURL?

    /// The pseudo-header the plugin finds the URL the sender called in (a name no HTTP header can have).
    static let urlHeader = ":url"

    /// The largest delivery taken.
    static let maxBody = 1 << 20

    func addRoutes(to router: Router<GatewayRequestContext>) {
        // The seed's path is listed on its own, with the shape of uazapi's deliveries; the same handler serves it.
        let shared = [
            (path: "/webhooks/uazapi", summary: "uazapi deliveries: the integration is found by the instance token in the body", request: "UazapiDelivery"),
            (path: "/webhooks/{provider}", summary: "Deliveries to a provider's shared URL: the integration is found by the value its manifest's webhook_route names", request: nil),
        ]
        for route in shared {
            routes.add(.post, route.path, summary: route.summary, request: route.request, response: "WebhookReceived", access: .public, on: router) {
                request, context in
                let provider = context.parameters.get("provider") ?? "uazapi"
                let delivery = try await delivery(request, context: context, below: "/webhooks/\(provider)")
                return Self.response(try await service.receiveRouted(delivery, provider: provider))
            }
        }
        for method in [HTTPRequest.Method.post, .get] {
            for path in ["/webhooks/{provider}/{integration_id}", "/webhooks/{provider}/{integration_id}/{secret}"] {
                routes.add(
                    method, path, summary: "A delivery for one integration, handed to its plugin (which authenticates it)",
                    response: "WebhookReceived",
                    access: .public, on: router
                ) { request, context in
                    let provider = try context.parameters.require("provider")
                    let integrationID = try context.parameters.require("integration_id")
                    let delivery = try await delivery(request, context: context, below: "/webhooks/\(provider)/\(integrationID)")
                    return Self.response(try await service.receive(delivery, provider: provider, integrationID: integrationID))
                }
            }
        }
    }

    /// The delivery as the plugin gets it: the path below the integration's URL with the query, lower-case headers,
    /// and in `:url` the full URL the sender called.
    private func delivery(_ request: Request, context: GatewayRequestContext, below prefix: String) async throws -> WebhookService.Delivery {
        let body = try await request.body.collect(upTo: Self.maxBody)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        headers[Self.urlHeader] = PublicURL.ofRequest(path: request.uri.path, query: request.uri.query, host: request.head.authority ?? headers["host"], publicURL: publicURL)
        let rest = String(request.uri.path.dropFirst(prefix.count))
        let query = request.uri.query.map { "?" + $0 } ?? ""
        return WebhookService.Delivery(
            method: request.method.rawValue, path: (rest.isEmpty ? "/" : rest) + query, headers: headers, body: Data(body.readableBytesView),
            sourceAddress: context.remoteAddress
        )
    }

    private static func response(_ answer: WebhookService.Answer) -> Response {
        if let plugin = answer.response, let body = plugin.body, !body.isEmpty {
            var headers = HTTPFields()
            for (name, value) in plugin.headers ?? [:] {
                if let name = HTTPField.Name(name) { headers[name] = value }
            }
            let status = plugin.status.flatMap { (200...299).contains($0) ? $0 : nil } ?? 200
            return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        var json: [String: JSONValue] = ["success": true, "processed_at": .string(answer.processedAt.formatted(.iso8601))]
        if answer.duplicate { json["duplicate"] = true }
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: IntegrationRecord.configText(json)))
        )
    }
}
