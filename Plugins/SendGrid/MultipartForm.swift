import Foundation

/// The text fields of a `multipart/form-data` body (RFC 7578), as SendGrid's Inbound Parse posts an email: each part's
/// `Content-Disposition: form-data; name="..."`, files (parts with a `filename`) left out. Bounded by the host's body
/// limit; at most `maxParts` parts are read.
enum MultipartForm {
    static let maxParts = 200

    /// nil when the content type names no boundary or the body holds none (a preamble before the first is skipped).
    static func fields(_ body: Data, contentType: String) -> [String: String]? {
        guard let boundary = boundary(contentType) else { return nil }
        let delimiter = Data("--\(boundary)".utf8)
        let separator = Data("\r\n\r\n".utf8)
        guard let first = body.range(of: delimiter) else { return nil }
        var fields: [String: String] = [:]
        var start = first.upperBound
        for _ in 0..<maxParts {
            guard let next = body.range(of: Data("\r\n".utf8) + delimiter, in: start..<body.endIndex) else { break }
            let part = body[start..<next.lowerBound]
            start = next.upperBound
            guard let split = part.range(of: separator) else { continue }
            let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
            if let name = parameter("name", in: headers), parameter("filename", in: headers) == nil {
                fields[name] = String(decoding: part[split.upperBound...], as: UTF8.self)
            }
            if body[start...].starts(with: Data("--".utf8)) { break }  // the closing delimiter
        }
        return fields
    }

    /// `boundary=...` of the content type, quoted or not.
    private static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data"), let value = parameter("boundary", in: contentType, quoted: false) else {
            return nil
        }
        return value.isEmpty || value.count > 200 ? nil : value
    }

    /// A `key=value` or `key="value"` parameter of a header, the key matched case-insensitively as a whole word.
    private static func parameter(_ key: String, in header: String, quoted: Bool = true) -> String? {
        for piece in header.split(whereSeparator: { $0 == ";" || $0.isNewline }) {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
