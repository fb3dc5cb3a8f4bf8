import Glibc

/// Reading and writing frames on the socket between the host and a provider process.
enum ProviderSocket {
    /// How reading frames ended.
    enum End {
        /// The other side closed the socket (or it was shut down).
        case closed
        /// The other side sent something that is not a frame of the protocol.
        case malformed(String)
    }

    /// Writes all of `bytes`, blocking; false once the other side is gone.
    static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = send(fd, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// Writes what the socket takes without blocking: how many bytes, or nil once the other side is gone.
    static func writeSome(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBytes { buffer in
            while true {
                let written = send(fd, buffer.baseAddress!, buffer.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
                if written >= 0 { return written }
                switch errno {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: return 0
                default: return nil
                }
            }
        }
    }

    /// Reads frames until the socket closes, handing each to `body` in order; a frame `body` cannot read ends it.
    static func readFrames(_ fd: Int32, maxFrame: Int, _ body: ([UInt8]) throws -> Void) -> End {
        var buffer = FrameBuffer(maxFrame: maxFrame)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 8)
        defer { chunk.deallocate() }
        while true {
            let count = read(fd, chunk.baseAddress, chunk.count)
            if count == 0 { return .closed }
            if count < 0 {
                if errno == EINTR { continue }
                return .closed
            }
            buffer.append(UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
            do {
                while let frame = try buffer.next() { try body(frame) }
            } catch {
                return .malformed("\(error)")
            }
        }
    }

    /// Reads exactly one frame, waiting until `deadlineMs` (host clock); nil when the socket closed or the time ran out
    /// first. It reads no byte past the frame, so whatever follows is left for the next reader.
    static func readOneFrame(_ fd: Int32, maxFrame: Int, deadlineMs: UInt64) throws(ProviderFrame.Malformed) -> [UInt8]? {
        guard let header = readExactly(fd, 4, deadlineMs: deadlineMs) else { return nil }
        let length = Int(header.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard length >= 1, length <= maxFrame else { throw ProviderFrame.Malformed(description: "a frame of \(length) bytes (the limit is \(maxFrame))") }
        return readExactly(fd, length, deadlineMs: deadlineMs)
    }

    private static func readExactly(_ fd: Int32, _ count: Int, deadlineMs: UInt64) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let now = HostClock.nowMs()
            guard now < deadlineMs else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(deadlineMs - now, 1_000)))
            if ready < 0, errno != EINTR { return nil }
            guard ready > 0 else { continue }
            let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, count - filled) }
            if got == 0 { return nil }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            filled += got
        }
        return bytes
    }
}
