import Foundation
import Glibc
import ProviderABI

/// Opens one plugin file in this address space and negotiates ABI v1 with it. A library that was opened is never
/// closed, even when refused: unloading a Swift library crashes the runtime, and a refused plugin costs only its
/// mapping.
enum PluginLibrary {
    /// The smallest vtable a v1 plugin may return: the v1.0 layout (the vtable has not grown since).
    static let minimumVTableSize = MemoryLayout<gw_provider_vtable>.size

    static func load(path: String, context: PluginHostContext) throws(PluginLoadError) -> NativePlugin {
        func refuse(_ code: PluginLoadError.Code, _ reason: String) -> PluginLoadError {
            PluginLoadError(code: code, path: path, reason: reason)
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw refuse(.notALibrary, "not a loadable library: \(dlerror().map { String(cString: $0) } ?? "unknown error")")
        }
        guard let symbol = dlsym(handle, GW_ENTRY_SYMBOL) else {
            throw refuse(.missingEntry, "no entry symbol \(GW_ENTRY_SYMBOL)")
        }
        let entry = unsafeBitCast(symbol, to: gw_provider_entry_fn.self)
        let host = HostAPITable.make(context: context)
        guard let returned = entry(host) else {
            throw refuse(.entryRefused, "the entry returned no vtable for host ABI \(GW_ABI_MAJOR).\(GW_ABI_MINOR)")
        }
        let vtable = try negotiate(returned, refuse: refuse)
        guard vtable.create != nil, vtable.destroy != nil, vtable.invoke != nil else {
            throw refuse(.incompleteVTable, "create, destroy and invoke are required")
        }
        guard vtable.manifest_json != nil else { throw refuse(.invalidManifest, "no manifest") }
        return NativePlugin(vtable: vtable, host: host)
    }

    /// Checks the version and size of the plugin's vtable and copies it into a host-sized, zero-filled one.
    private static func negotiate(
        _ returned: UnsafePointer<gw_provider_vtable>, refuse: (PluginLoadError.Code, String) -> PluginLoadError
    ) throws(PluginLoadError) -> gw_provider_vtable {
        let raw = UnsafeRawPointer(returned)
        let size = Int(raw.load(as: UInt32.self))
        let major = raw.load(fromByteOffset: 4, as: UInt16.self)
        let minor = raw.load(fromByteOffset: 6, as: UInt16.self)
        guard Int32(major) == GW_ABI_MAJOR else {
            throw refuse(.abiMajorMismatch, "ABI \(major).\(minor), host speaks \(GW_ABI_MAJOR).\(GW_ABI_MINOR)")
        }
        guard Int32(minor) <= GW_ABI_MINOR else {
            throw refuse(.newerMinor, "ABI \(major).\(minor) is newer than the host's \(GW_ABI_MAJOR).\(GW_ABI_MINOR)")
        }
        guard size >= minimumVTableSize, size <= MemoryLayout<gw_provider_vtable>.size else {
            throw refuse(.badStructSize, "vtable struct_size \(size) outside \(minimumVTableSize)...\(MemoryLayout<gw_provider_vtable>.size)")
        }
        var vtable = gw_provider_vtable()
        withUnsafeMutableBytes(of: &vtable) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: size)) }
        return vtable
    }
}
