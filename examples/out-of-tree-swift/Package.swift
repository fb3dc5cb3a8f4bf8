// swift-tools-version:6.2
// A provider built outside the gateway's package: it depends on ProviderKit as any third party would (here by path;
// elsewhere `.package(url: "https://github.com/<owner>/gateway", from: ...)`) and builds into one .so that a running
// gateway loads from its plugin directory. `swift build -c release` here; scripts/out-of-tree-test.sh checks it.
import Foundation
import PackageDescription

/// The kit's export map, from wherever the dependency is checked out: the .so exports only the ABI entry symbol, so
/// its own copy of ProviderKit can never bind to another plugin's or the host's.
let kit = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
/// A package depended on by path is known by its directory's name.
let kitPackage = kit.lastPathComponent.lowercased()

let package = Package(
    name: "memory-outbox",
    products: [.library(name: "MemoryOutbox", type: .dynamic, targets: ["MemoryOutbox"])],
    dependencies: [.package(path: "../..")],
    targets: [
        .target(
            name: "MemoryOutbox",
            dependencies: [.product(name: "ProviderKit", package: kitPackage)],
            linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=\(kit.path)/Sources/ProviderKit/plugin-exports.map"])]
        )
    ]
)
