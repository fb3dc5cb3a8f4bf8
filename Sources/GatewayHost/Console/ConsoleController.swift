import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The console at `/console`: server-rendered pages over the same services as the REST API, usable without
/// JavaScript (`ConsoleScript` only refreshes lists and asks before what cannot be undone). This file signs in and out and holds what every page shares (the session, forms, rendering); each
/// screen's routes are in an extension of their own (docs/console.md lists the screens).
struct ConsoleController {
    let sessions: ConsoleSessions
    let integrations: IntegrationService
    let conversations: ConversationService
    let messages: MessageService
    let triggers: TriggerService
    let simulation: TriggerSimulation
    let credentials: any CredentialStore
    let activity: any ActivityStore
    let agents: AgentService
    let clients: any ClientStore
    /// The integrations' status figures (messages sent today in the client's zone, rate limit left), as the API's.
    let hours: any BusinessHoursStore
    let outbound: any OutboundStore
    let limits: RequestLimits
    /// Cookies are marked Secure when the gateway is reached over TLS (its public URL is https).
    let secureCookies: Bool

    /// The largest form taken: three trigger configs (or a lead's fields) of 16 KiB each, percent-encoded.
    static let maxForm = 192 * 1024
    /// How often a list that changes by itself (conversations, a timeline, deliveries, the dashboard's backlog) is
    /// fetched again by `console.js`.
    static let refreshSeconds = 5

    func addRoutes(to router: Router<GatewayRequestContext>) {
        router.get("/console") { request, _ in
            await session(request) == nil ? Self.redirect("/console/sign-in") : Self.redirect("/console/integrations")
        }
        router.get("/console/console.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: ConsoleTemplates.css)))
        }
        router.get("/console/console.js") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: ConsoleScript.text)))
        }
        router.get("/console/sign-in") { request, _ in
            page("sign-in", request, status: .ok, [:])
        }
        router.post("/console/sign-in") { request, context in
            guard Self.fromThisSite(request) else { return Self.crossSite }
            return try await signIn(request, context: context)
        }
        router.post("/console/sign-out") { request, _ in
            guard Self.fromThisSite(request) else { return Self.crossSite }
            return try await signOut(request)
        }
        router.post("/console/client") { request, _ in
            guard let (session, form) = try await signedInPost(request), session.identity.role == .admin else { return Self.refusedForm }
            var response = Self.redirect("/console/integrations")
            let client = form["client_id"].flatMap { ClientID.isValid($0) ? $0 : nil } ?? ""
            response.setCookie(Cookie(name: Self.clientCookie, value: client, maxAge: client.isEmpty ? 0 : ConsoleSessions.lifetimeSeconds, path: "/console", secure: secureCookies, httpOnly: true, sameSite: .strict))
            return response
        }
        addIntegrationRoutes(to: router)
        addConversationListRoutes(to: router)
        addDeliveryRoutes(to: router)
        addConfigureRoutes(to: router)
        addConversationRoutes(to: router)
        addTriggerRoutes(to: router)
        addTriggerBuilderRoutes(to: router)
        addExecutionRoutes(to: router)
        addAdminRoutes(to: router)
        addKeyRoutes(to: router)
        addDashboardRoutes(to: router)
    }

    /// A signed-in request: who, and the cookie that proves it.
    struct Session {
        let identity: Identity
        let cookie: String
        /// The client the pages act for: the signed-in client's own; an admin's choice (`gw_client`) when it exists.
        let clientID: String
    }

    /// The admin's choice of client to act for.
    static let clientCookie = "gw_client"

    func session(_ request: Request) async -> Session? {
        guard let cookie = request.cookies[ConsoleSessions.cookie]?.value, !cookie.isEmpty, cookie.count <= ConsoleSessions.maxCredential,
            let identity = await sessions.identity(cookie)
        else { return nil }
        let chosen = identity.role == .admin ? request.cookies[Self.clientCookie]?.value : nil
        // The API's rule: an admin may act for any client that exists; a client that does not falls back to its own.
        let clientID = (try? await sessions.authenticator.actingClient(identity, requested: chosen)) ?? identity.clientID
        return Session(identity: identity, cookie: cookie, clientID: clientID)
    }

    private struct SignInForm: Decodable {
        let credential: String?
    }

    /// The session and form of a POST sent from one of its own pages (this site's `Origin`, the session's form token
    /// in `csrf`); nil for any other. The body is read here, once.
    func signedInPost(_ request: Request) async throws -> (session: Session, form: [String: String])? {
        guard Self.fromThisSite(request), let session = await session(request) else { return nil }
        let form = try await Self.form([String: String].self, request)
        return sessions.holdsCSRF(form["csrf"], for: session.cookie) ? (session, form) : nil
    }

    private func signIn(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        if await limits.signInWait(address: context.remoteAddress) != nil {
            return page("sign-in", request, status: .tooManyRequests, ["error": language(request).text["tooMany"] ?? ""])
        }
        let form = try await Self.form(SignInForm.self, request)
        let credential = (form.credential ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !credential.isEmpty, credential.count <= ConsoleSessions.maxCredential, let cookie = try? await sessions.signIn(credential) else {
            return page("sign-in", request, status: .unauthorized, ["error": language(request).text["signInFailed"] ?? ""])
        }
        var response = Self.redirect("/console/integrations")
        response.setCookie(sessionCookie(cookie, maxAge: ConsoleSessions.lifetimeSeconds))
        return response
    }

    private func signOut(_ request: Request) async throws -> Response {
        let form = try await Self.form([String: String].self, request)
        guard let cookie = request.cookies[ConsoleSessions.cookie]?.value, sessions.holdsCSRF(form["csrf"], for: cookie) else {
            return Self.refusedForm
        }
        await sessions.signOut(cookie)
        var response = Self.redirect("/console/sign-in")
        response.setCookie(sessionCookie("", maxAge: 0))
        return response
    }

    /// A page in the request's language; a signed-in one shows the navigation and carries the session's form token.
    func page(_ name: String, _ request: Request, session: Session? = nil, status: HTTPResponse.Status = .ok, _ values: [String: Any]) -> Response {
        let language = language(request)
        var context = values
        context["lang"] = language.tag
        context["t"] = language.text
        if let session {
            context["session"] = true
            context["clientID"] = session.clientID
            context["admin"] = session.identity.role == .admin
            context["csrf"] = sessions.csrfToken(session.cookie)
        }
        let html = ConsoleTemplates.library.render(context, withTemplate: name) ?? ""
        var response = Response(status: status, headers: Self.pageHeaders, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        if let chosen = request.uri.queryParameters.get("lang").flatMap(ConsoleLanguage.init(rawValue:)) {
            response.setCookie(Cookie(name: ConsoleLanguage.cookie, value: chosen.rawValue, maxAge: 365 * 86_400, path: "/console", secure: secureCookies, httpOnly: true, sameSite: .strict))
        }
        return response
    }

    func language(_ request: Request) -> ConsoleLanguage {
        ConsoleLanguage.chosen(
            query: request.uri.queryParameters.get("lang"), cookie: request.cookies[ConsoleLanguage.cookie]?.value,
            acceptLanguage: request.headers[.acceptLanguage])
    }

    private func sessionCookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(name: ConsoleSessions.cookie, value: value, maxAge: maxAge, path: "/console", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// Pages are never cached, framed or given another type; only this origin's styles and forms.
    private static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
        .contentSecurityPolicy: "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .xContentTypeOptions: "nosniff", HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]

    /// A browser names the site of the page a form was posted from in `Origin`: another site's form is refused, so it
    /// cannot sign a browser into the attacker's client either (SameSite cookies do not stop that).
    private static func fromThisSite(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let authority = request.head.authority else { return false }
        return origin == "http://" + authority || origin == "https://" + authority
    }

    private static var crossSite: Response { refused("This form was sent from another site.") }

    static var refusedForm: Response { refused("The form's token is missing or not this session's, or it came from another site: reload the page and try again.") }

    private static func refused(_ reason: String) -> Response {
        Response(status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: reason)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    static func form<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let body = try await request.body.collect(upTo: maxForm)
        do {
            return try URLEncodedFormDecoder().decode(type, from: String(decoding: body.readableBytesView, as: UTF8.self))
        } catch {
            throw GatewayError(.badRequest, .invalidPayload, "the form could not be read")
        }
    }
}
