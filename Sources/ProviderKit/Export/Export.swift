public import ProviderABI

/// The entry symbol's parameter type.
public typealias HostAPIPointer = UnsafePointer<gw_host_api>
/// The entry symbol's return type.
public typealias VTablePointer = UnsafePointer<gw_provider_vtable>

/// Exports `provider` through ABI v1; call it from the plugin's `gw_provider_entry_v1`.
/// Returns nil when the host speaks another major version.
public func export<P: Provider>(_ provider: P.Type, _ host: HostAPIPointer?) -> VTablePointer? {
    guard let host, host.pointee.abi_major == GW_ABI_MAJOR else { return nil }
    return ExportedProvider.install(provider, host: host)
}
