import Hummingbird

/// The token routes (`TokenExchange`): exchange an API key, refresh, revoke.
struct AuthController {
    let exchange: TokenExchange
    let routes: RouteTable

    struct RefreshBody: Decodable {
        let refresh_token: String
    }

    struct Revoked: ResponseEncodable {
        var success = true
    }

    func addRoutes(to router: Router<GatewayRequestContext>) {
        routes.add(
            .post, "/api/auth/token", summary: "Exchange the API key this request carries for an access token (30 min) and a refresh token",
            response: "TokenPair", access: .tenant, on: router
        ) { _, context in
            try await exchange.exchange(try context.caller())
        }
        routes.add(
            .post, "/api/auth/refresh", summary: "A new token pair for a refresh token (spent once; reusing one revokes its family)",
            request: "RefreshBody", response: "TokenPair", access: .public, on: router
        ) { request, context in
            try await exchange.refresh(try await request.decodeJSON(as: RefreshBody.self, context: context).refresh_token)
        }
        routes.add(
            .post, "/api/auth/revoke", summary: "Revoke a refresh token and every token refreshed from the same exchange", request: "RefreshBody",
            response: "Revoked", access: .public, on: router
        ) { request, context in
            try await exchange.revoke(try await request.decodeJSON(as: RefreshBody.self, context: context).refresh_token)
            return Revoked()
        }
    }
}
