public import Foundation

/// An HTTP response: status, headers (names lower-cased) and the whole body.
public struct HTTPResponse: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: Data

    /// A header's value by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// Parses the header lines of the final response (after any `100 Continue` or redirect).
    init(status: Int, headerLines: [String], body: Data) {
        let finalBlock = headerLines.split(whereSeparator: \.isEmpty).last ?? []
        var headers: [String: String] = [:]
        for line in finalBlock {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmedHeaderWhitespace
        }
        self.status = status
        self.headers = headers
        self.body = body
    }
}
