import ServiceLifecycle

/// Closes the store once the server has stopped (services stop in reverse order, the HTTP server first).
struct StoreCloser: Service {
    let store: any GatewayStore

    func run() async throws {
        try? await gracefulShutdown()
        try await store.close()
    }
}
