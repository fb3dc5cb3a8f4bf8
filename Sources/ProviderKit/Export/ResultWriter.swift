import Foundation
import ProviderABI

/// Fills a `gw_result`, allocating the output with the host's allocator as the ABI requires.
struct ResultWriter {
    let host: UnsafePointer<gw_host_api>
    let result: UnsafeMutablePointer<gw_result>

    func write(_ outcome: Result<Data, ProviderError>) -> gw_status {
        switch outcome {
        case .success(let output):
            return finish(.ok, output: output, retryAfterMs: 0)
        case .failure(let error):
            var body: [String: JSONValue] = ["code": .string(error.status.name), "message": .string(error.message)]
            if let field = error.field { body["field"] = .string(field) }
            if error.maybeDelivered { body["maybe_delivered"] = .bool(true) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys  // the same error always reads the same
            let output = (try? encoder.encode(body)) ?? Data()
            return finish(error.status, output: output, retryAfterMs: error.retryAfterMs)
        }
    }

    private func finish(_ status: ProviderStatus, output: Data, retryAfterMs: UInt32) -> gw_status {
        result.pointee.status = status.rawValue
        result.pointee.retry_after_ms = retryAfterMs
        guard !output.isEmpty, let alloc = host.pointee.alloc, let buffer = alloc(output.count) else { return status.rawValue }
        output.copyBytes(to: buffer.assumingMemoryBound(to: UInt8.self), count: output.count)
        result.pointee.output = buffer.assumingMemoryBound(to: CChar.self)
        result.pointee.output_len = output.count
        return status.rawValue
    }
}
