import ProviderABI

/// Builds the `gw_host_api` a plugin receives. It is never freed: the plugin may keep the pointer for the life of the
/// process, like the library itself, which is never unloaded.
enum HostAPITable {
    static func make(context: PluginHostContext) -> UnsafePointer<gw_host_api> {
        let table = UnsafeMutablePointer<gw_host_api>.allocate(capacity: 1)
        table.initialize(to: gw_host_api())
        table.pointee.struct_size = UInt32(MemoryLayout<gw_host_api>.size)
        table.pointee.abi_major = UInt16(GW_ABI_MAJOR)
        table.pointee.abi_minor = UInt16(GW_ABI_MINOR)
        table.pointee.context = Unmanaged.passRetained(context).toOpaque()
        table.pointee.alloc = HostAllocator.alloc
        table.pointee.free = HostAllocator.free
        table.pointee.log = PluginHostContext.log
        table.pointee.now_ms = HostClock.nowMs
        table.pointee.destination_allowed = PluginHostContext.destinationAllowed
        return UnsafePointer(table)
    }
}
