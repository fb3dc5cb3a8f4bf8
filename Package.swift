// swift-tools-version:6.2
import Foundation
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Swift plugins export only the ABI entry symbol, so two plugins (each with its own static copy of ProviderKit)
/// can never bind to each other's symbols or to the host's.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
let pluginLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(["-Xlinker", "--version-script=\(packageRoot)/Sources/ProviderKit/plugin-exports.map"])
]

let package = Package(
    name: "gateway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gateway", targets: ["gateway"]),
        .library(name: "ProviderKit", targets: ["ProviderKit"]),
        .library(name: "SwiftHTTPEcho", type: .dynamic, targets: ["SwiftHTTPEcho"]),
        .library(name: "Uazapi", type: .dynamic, targets: ["Uazapi"]),
        .library(name: "EvolutionAPI", type: .dynamic, targets: ["EvolutionAPI"]),
        .library(name: "Twilio", type: .dynamic, targets: ["Twilio"]),
        .library(name: "SendGrid", type: .dynamic, targets: ["SendGrid"]),
        .library(name: "SMTP", type: .dynamic, targets: ["SMTP"]),
        .library(name: "ClientSupabase", type: .dynamic, targets: ["ClientSupabase"]),
        .library(name: "AgentWebhook", type: .dynamic, targets: ["AgentWebhook"]),
        .library(name: "SwiftTrapFixture", type: .dynamic, targets: ["SwiftTrapFixture"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: [.defaults, "YAML"]),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // THE provider ABI: one C header, nothing else.
        .target(name: "ProviderABI", path: "Sources/ProviderABI"),

        // System C libraries, found with pkg-config.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        // Process plumbing for provider processes (posix_spawn, prctl).
        .target(name: "CGatewaySupport", path: "Sources/CGatewaySupport"),

        .target(
            name: "ProviderKit",
            dependencies: ["ProviderABI", "CCurl"],
            exclude: ["plugin-exports.map"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "GatewayHost",
            dependencies: [
                "ProviderABI", "CSQLite", "CPostgres", "CHiredis", "CGatewaySupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "gateway",
            dependencies: [
                "GatewayHost",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "gateway-bench",
            dependencies: ["GatewayHost", "ProviderABI"],
            path: "Benchmarks/gateway-bench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "trigger-bench",
            dependencies: ["GatewayHost", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/trigger-bench",
            exclude: ["generate.sql"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "delivery-bench",
            dependencies: ["GatewayHost", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/delivery-bench",
            swiftSettings: swiftSettings
        ),

        // Providers written in Swift: each is its own .so.
        .target(
            name: "SwiftHTTPEcho",
            dependencies: ["ProviderKit"],
            path: "examples/swift-provider",
            swiftSettings: swiftSettings,
            linkerSettings: pluginLinkerSettings
        ),
        .target(name: "Uazapi", dependencies: ["ProviderKit"], path: "Plugins/Uazapi", swiftSettings: swiftSettings, linkerSettings: pluginLinkerSettings),
        .target(
            name: "EvolutionAPI", dependencies: ["ProviderKit"], path: "Plugins/EvolutionAPI", swiftSettings: swiftSettings,
            linkerSettings: pluginLinkerSettings),
        .target(
            name: "Twilio", dependencies: ["ProviderKit", .product(name: "Crypto", package: "swift-crypto")], path: "Plugins/Twilio",
            swiftSettings: swiftSettings, linkerSettings: pluginLinkerSettings),
        .target(
            name: "SendGrid", dependencies: ["ProviderKit", .product(name: "Crypto", package: "swift-crypto")], path: "Plugins/SendGrid",
            swiftSettings: swiftSettings, linkerSettings: pluginLinkerSettings),
        .target(name: "SMTP", dependencies: ["ProviderKit"], path: "Plugins/SMTP", swiftSettings: swiftSettings, linkerSettings: pluginLinkerSettings),
        .target(
            name: "ClientSupabase", dependencies: ["ProviderKit", "CPostgres"], path: "Plugins/ClientSupabase", swiftSettings: swiftSettings,
            linkerSettings: pluginLinkerSettings
        ),

        .target(
            name: "AgentWebhook", dependencies: ["ProviderKit", .product(name: "Crypto", package: "swift-crypto")], path: "Plugins/AgentWebhook",
            swiftSettings: swiftSettings, linkerSettings: pluginLinkerSettings
        ),

        // A test fixture: a Swift provider that traps.
        .target(
            name: "SwiftTrapFixture", dependencies: ["ProviderKit"], path: "Tests/Fixtures/swift-trap", swiftSettings: swiftSettings,
            linkerSettings: pluginLinkerSettings
        ),

        .testTarget(
            name: "GatewayHostTests",
            dependencies: [
                "GatewayHost", "ProviderABI", "CGatewaySupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ProviderKitTests", dependencies: ["ProviderKit", "ProviderABI"], swiftSettings: swiftSettings),
    ]
)
