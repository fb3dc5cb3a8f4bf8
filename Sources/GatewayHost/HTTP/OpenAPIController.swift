import Foundation
import Hummingbird

/// `GET /openapi.json`, and `GET /docs`: the same document as a page to read, for the plugins loaded now.
struct OpenAPIController {
    let routes: RouteTable
    let registry: PluginRegistry

    private var document: JSONValue { OpenAPIDocument.build(routes.routes, providers: registry.plugins.map(\.manifest)) }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.get("/openapi.json", summary: "This OpenAPI 3.1 document", response: "OpenAPI", access: .public, on: router) { _, _ in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let body = try encoder.encode(document)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        routes.get(
            "/docs", summary: "This API's reference as an HTML page, from the OpenAPI document", response: "HTMLPage", access: .public, on: router
        ) {
            _, _ in
            let page = APIReference.html(document)
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }
}
