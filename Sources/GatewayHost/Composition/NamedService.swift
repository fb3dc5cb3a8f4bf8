public import ServiceLifecycle

/// A service with the name a service group logs it by. Without one, the group describes each service by reflecting
/// over all it holds (the whole application, every store), which costs a good part of start-up in runtime type lookups.
public struct NamedService: Service, CustomStringConvertible {
    public let description: String
    let service: any Service

    public init(_ name: String, _ service: any Service) {
        description = name
        self.service = service
    }

    public func run() async throws {
        try await service.run()
    }
}
