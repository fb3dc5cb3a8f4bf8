import Foundation
import GatewayHost
import HTTPTypes
import Hummingbird

/// A local PostgREST (what Supabase serves at /rest/v1) that requires the `apikey` and `Authorization: Bearer` headers,
/// knows the tables `orders` and `customers`, and answers each read with `rowCount` rows. Tests assert the exact URLs.
final class FakePostgREST: Sendable {
    static let key = "sb-service-key-1122"
    let log = FakeServiceLog()
    let rowCount: Int

    init(rowCount: Int = 2) {
        self.rowCount = rowCount
    }

    var router: Router<BasicRequestContext> {
        let router = Router()
        router.on("/rest/v1/{table}", method: .get) { request, context in try await self.answer(request, context) }
        router.on("/rest/v1/{table}", method: .post) { request, context in try await self.answer(request, context) }
        return router
    }

    private func answer(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        if let scripted = log.record(request, body: buffer) { return scripted }
        guard request.headers[HTTPField.Name("apikey")!] == Self.key, request.headers[.authorization] == "Bearer \(Self.key)" else {
            return FakeServiceLog.response(.unauthorized, body: #"{"message":"Invalid API key"}"#)
        }
        guard ["orders", "customers"].contains(context.parameters.get("table") ?? "") else {
            return FakeServiceLog.response(.notFound, body: #"{"code":"PGRST205","message":"Could not find the table in the schema cache"}"#)
        }
        let rows = (0..<rowCount).map { #"{"id":\#($0 + 1),"status":"paid"}"# }.joined(separator: ",")
        return FakeServiceLog.response(request.method == .post ? .created : .ok, body: "[\(rows)]")
    }
}
