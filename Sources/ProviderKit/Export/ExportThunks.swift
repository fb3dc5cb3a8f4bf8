import Foundation
import ProviderABI

/// The C functions of the vtable. They cannot capture, so they reach the provider through `ExportedProvider.current`.
enum ExportThunks {
    static let create: @convention(c) (UnsafePointer<CChar>?, Int, UnsafeMutablePointer<OpaquePointer?>?, UnsafeMutablePointer<gw_result>?)
        -> gw_status = { config, configLength, outInstance, result in
            guard let exported = ExportedProvider.current, let outInstance, let result else { return GW_INTERNAL }
            let outcome = Result { () throws(ProviderError) -> Data in
                let values: [String: JSONValue]
                do {
                    values = try JSONDecoder().decode([String: JSONValue].self, from: bytes(config, configLength))
                } catch {
                    throw .invalid("config is not a JSON object")
                }
                let provider = try exported.type.init(config: ProviderConfig(values: values, fields: exported.manifest.config))
                outInstance.pointee = OpaquePointer(Unmanaged.passRetained(InstanceBox(provider)).toOpaque())
                return Data()
            }
            return ResultWriter(host: exported.host, result: result).write(outcome)
        }

    static let destroy: @convention(c) (OpaquePointer?) -> Void = { instance in
        guard let instance else { return }
        Unmanaged<InstanceBox>.fromOpaque(UnsafeRawPointer(instance)).release()
    }

    static let invoke: @convention(c) (
        OpaquePointer?, UnsafePointer<gw_call>?, UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, Int, UnsafeMutablePointer<gw_result>?
    ) -> gw_status = { instance, call, op, opLength, input, inputLength, result in
        guard let exported = ExportedProvider.current, let instance, let call, let result else { return GW_INTERNAL }
        let provider = Unmanaged<InstanceBox>.fromOpaque(UnsafeRawPointer(instance)).takeUnretainedValue().provider
        let context = CallContext(host: exported.host, call: call)
        let opName = String(decoding: bytes(op, opLength), as: UTF8.self)
        let outcome = Result { () throws(ProviderError) -> Data in
            try context.checkDeadline()
            guard exported.manifest.ops.contains(opName) else { throw .unsupported(op: opName) }
            return try encodeOutput { try provider.invoke(ProviderCall(op: opName, input: bytes(input, inputLength), context: context)) }
        }
        return ResultWriter(host: exported.host, result: result).write(outcome)
    }

    static let webhook: @convention(c) (OpaquePointer?, UnsafePointer<gw_call>?, UnsafePointer<gw_webhook_request>?, UnsafeMutablePointer<gw_result>?)
        -> gw_status = { instance, call, request, result in
            guard let exported = ExportedProvider.current, let instance, let call, let request, let result else { return GW_INTERNAL }
            let provider = Unmanaged<InstanceBox>.fromOpaque(UnsafeRawPointer(instance)).takeUnretainedValue().provider
            let context = CallContext(host: exported.host, call: call)
            let outcome = Result { () throws(ProviderError) -> Data in
                try context.checkDeadline()
                let headers: [String: String] =
                    if case .object(let fields)? = try? JSONValue(json: bytes(request.pointee.headers_json, request.pointee.headers_json_len)) {
                        fields.compactMapValues(\.string)
                    } else {
                        [:]
                    }
                let delivery = WebhookRequest(
                    method: String(decoding: bytes(request.pointee.method, request.pointee.method_len), as: UTF8.self),
                    path: String(decoding: bytes(request.pointee.path, request.pointee.path_len), as: UTF8.self),
                    headers: headers,
                    body: bytes(request.pointee.body, request.pointee.body_len)
                )
                return try encodeOutput { try provider.webhook(delivery, context: context) }
            }
            return ResultWriter(host: exported.host, result: result).write(outcome)
        }

    /// Copies `count` bytes the host lent us for the duration of the call.
    private static func bytes<T>(_ pointer: UnsafePointer<T>?, _ count: Int) -> Data {
        guard let pointer, count > 0 else { return Data() }
        return Data(bytes: pointer, count: count)
    }

    /// Runs the provider and encodes its answer; a non-ProviderError thrown by the provider is a bug: INTERNAL.
    private static func encodeOutput(_ body: () throws -> any Encodable) throws(ProviderError) -> Data {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .withoutEscapingSlashes
            return try encoder.encode(body())
        } catch let error as ProviderError {
            throw error
        } catch {
            throw ProviderError(.internal, "provider failed: \(type(of: error))")
        }
    }
}

/// Keeps a provider instance alive while the host holds its opaque pointer.
final class InstanceBox {
    let provider: any Provider

    init(_ provider: any Provider) {
        self.provider = provider
    }
}
