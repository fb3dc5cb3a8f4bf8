import ServiceLifecycle

/// Closes a part (the store, the queue) once the services after it have stopped: a service group stops its services
/// in reverse order, so list this before whatever uses the part.
struct CloseOnShutdown: Service {
    let close: @Sendable () async throws -> Void

    func run() async throws {
        try? await gracefulShutdown()
        try await close()
    }
}
