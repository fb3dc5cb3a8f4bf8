import Hummingbird

/// `PUT|GET /api/business-hours`: the client's time zone and weekly windows, which triggers with
/// `action_config.business_hours: true` keep.
struct BusinessHoursController {
    let store: any BusinessHoursStore
    let routes: RouteTable

    struct Response: ResponseEncodable {
        var success = true
        let business_hours: BusinessHours
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.add(
            .put, "/api/business-hours", summary: "Set business hours: {timezone, windows: [{days: [0-6], start: \"HH:MM\", end: \"HH:MM\"}]}",
            request: "BusinessHours", response: "BusinessHoursResponse", access: .tenant, on: router
        ) { request, context in
            let hours = try await request.decodeJSON(as: BusinessHours.self, context: context).checked()
            try await store.saveBusinessHours(clientID: try context.actingClientID(), hours)
            return Response(business_hours: hours)
        }
        routes.get("/api/business-hours", summary: "The client's business hours", response: "BusinessHoursResponse", access: .tenant, on: router) {
            _, context in
            guard let hours = try await store.businessHours(clientID: try context.actingClientID()) else {
                throw GatewayError(.notFound, .notFound, "no business hours are set")
            }
            return Response(business_hours: hours)
        }
    }
}
