import Glibc

/// The allocator behind `gw_host_api.alloc`. Each block carries a 16-byte header with a cookie, so the host can tell
/// a buffer it allocated from one a plugin made with its own allocator, and refuse to free the latter.
enum HostAllocator {
    private static let headerSize = 16
    private static let cookie: UInt64 = 0x6777_616c_6c6f_6321  // "gwalloc!"

    static let alloc: @convention(c) (Int) -> UnsafeMutableRawPointer? = { size in
        guard let block = malloc(size + headerSize) else { return nil }
        block.storeBytes(of: cookie, as: UInt64.self)
        return block + headerSize
    }

    static let free: @convention(c) (UnsafeMutableRawPointer?) -> Void = { pointer in
        guard let pointer else { return }
        _ = release(pointer)
    }

    /// Frees a buffer the host allocated and returns true; returns false, and leaks rather than corrupt the heap,
    /// for a buffer that did not come from `alloc`.
    static func release(_ pointer: UnsafeMutableRawPointer) -> Bool {
        let block = pointer - headerSize
        guard block.load(as: UInt64.self) == cookie else { return false }
        block.storeBytes(of: 0, as: UInt64.self)  // a second free of the same block is caught too
        Glibc.free(block)
        return true
    }
}
