import CCurl
import Foundation
import ProviderABI

/// The one provider this library exports, with the host table it was given. Each plugin image has its own copy of
/// ProviderKit (its symbols are private to the .so), so this global is per plugin, never shared.
final class ExportedProvider: @unchecked Sendable {
    let type: any Provider.Type
    let manifest: ProviderManifest
    let host: UnsafePointer<gw_host_api>
    let vtable: UnsafeMutablePointer<gw_provider_vtable>

    /// Set once by the entry, before the host makes any call; read-only afterwards.
    nonisolated(unsafe) static var current: ExportedProvider?

    private init(type: any Provider.Type, host: UnsafePointer<gw_host_api>) {
        self.type = type
        self.manifest = type.manifest
        self.host = host
        self.vtable = .allocate(capacity: 1)
        vtable.initialize(to: gw_provider_vtable())
        vtable.pointee.struct_size = UInt32(MemoryLayout<gw_provider_vtable>.size)
        vtable.pointee.abi_major = UInt16(GW_ABI_MAJOR)
        vtable.pointee.abi_minor = UInt16(GW_ABI_MINOR)
        (vtable.pointee.manifest_json, vtable.pointee.manifest_len) = Self.staticJSON(manifest)
        if let vectors = type.webhookVectors {
            (vtable.pointee.webhook_vectors_json, vtable.pointee.webhook_vectors_len) = Self.staticJSON(vectors)
        }
        vtable.pointee.create = ExportThunks.create
        vtable.pointee.destroy = ExportThunks.destroy
        vtable.pointee.invoke = ExportThunks.invoke
        if manifest.webhook { vtable.pointee.webhook = ExportThunks.webhook }
    }

    static func install(_ type: any Provider.Type, host: UnsafePointer<gw_host_api>) -> UnsafePointer<gw_provider_vtable> {
        if let current { return UnsafePointer(current.vtable) }
        // Before any thread makes a transfer: curl's global state is set up once per plugin.
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        let exported = ExportedProvider(type: type, host: host)
        current = exported
        return UnsafePointer(exported.vtable)
    }

    /// A JSON document kept for the life of the library, as the ABI requires of the manifest and vectors.
    private static func staticJSON(_ value: some Encodable) -> (UnsafePointer<CChar>, Int) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bytes = (try? encoder.encode(value)) ?? Data("{}".utf8)
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        bytes.withUnsafeBytes { buffer.initialize(from: $0.bindMemory(to: CChar.self).baseAddress!, count: bytes.count) }
        buffer[bytes.count] = 0
        return (UnsafePointer(buffer), bytes.count)
    }
}
