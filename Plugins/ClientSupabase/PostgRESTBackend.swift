import Foundation
import ProviderKit

/// `rest` mode: Supabase's PostgREST at `{supabase_url}/rest/v1/{table}`, with the key as `apikey` and as a Bearer
/// token. Filters become `column=op.value` query items, every value percent-encoded.
struct PostgRESTBackend: QueryBackend {
    let baseURL: String
    let key: String
    private let http = HTTPClient()

    init(baseURL: String, key: String) {
        self.baseURL = baseURL
        self.key = key
    }

    func run(_ query: ValidatedQuery, context: CallContext) throws(ProviderError) -> QueryResult {
        var items: [(String, String)] = []
        if query.operation == .select {
            items.append(("select", query.columns.isEmpty ? "*" : query.columns.joined(separator: ",")))
        }
        items += query.filters.map { ($0.column, Self.filterValue($0)) }
        if !query.order.isEmpty {
            items.append(("order", query.order.map { "\($0.column).\($0.descending ? "desc" : "asc")" }.joined(separator: ",")))
        }
        if query.operation == .select { items.append(("limit", String(query.limit + 1))) }

        let method = ["select": "GET", "insert": "POST", "update": "PATCH", "delete": "DELETE"][query.operation.rawValue]!
        var body: Data?
        if query.operation == .insert { body = try? JSONEncoder().encode(query.rows) }
        if query.operation == .update { body = try? JSONEncoder().encode(query.rows[0]) }
        let response = try http.send(request(method, table: query.table, items: items, body: body), context: context)
        try Self.check(response)
        guard let rows = (try? JSONValue(json: response.body))?.array else {
            throw ProviderError(.retryable, "PostgREST answered something other than a JSON array")
        }
        return QueryResult(rows: rows, limit: query.limit)
    }

    /// A table exists when a zero-row read of it succeeds.
    func tablesFound(_ tables: [String], context: CallContext) throws(ProviderError) -> [String] {
        var found: [String] = []
        for table in tables {
            let response = try http.send(request("GET", table: table, items: [("select", "*"), ("limit", "0")], body: nil), context: context)
            if (200..<300).contains(response.status) {
                found.append(table)
            } else if response.status != 404 {
                try Self.check(response)
            }
        }
        return found
    }

    private func request(_ method: String, table: String, items: [(String, String)], body: Data?) -> HTTPRequest {
        let query = items.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var headers: [(name: String, value: String)] = [("apikey", key), ("Authorization", "Bearer \(key)"), ("Accept", "application/json")]
        if body != nil || method != "GET" {
            headers += [("Content-Type", "application/json"), ("Prefer", "return=representation")]
        }
        return HTTPRequest(method: method, url: "\(baseURL)/rest/v1/\(table)\(query.isEmpty ? "" : "?" + query)", headers: headers, body: body)
    }

    /// `op.value` in PostgREST's filter syntax; `in` lists quote every string so commas and parentheses stay data.
    private static func filterValue(_ filter: ValidatedQuery.Filter) -> String {
        switch filter.op {
        case .is: return "is.\(filter.value == .bool(true) ? "true" : filter.value == .bool(false) ? "false" : "null")"
        case .in: return "in.(" + (filter.value.array ?? []).map(quotedListItem).joined(separator: ",") + ")"
        default: return "\(filter.op.rawValue).\(plain(filter.value))"
        }
    }

    private static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let string): string
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        default: "null"
        }
    }

    private static func quotedListItem(_ value: JSONValue) -> String {
        guard case .string(let string) = value else { return plain(value) }
        return "\"" + string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    private static func encode(_ text: String) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static func check(_ response: HTTPResponse) throws(ProviderError) {
        guard !(200..<300).contains(response.status) else { return }  // success: the rows are decoded once, by the caller
        let message = (try? JSONValue(json: response.body))?["message"]?.string ?? response.bodyExcerpt
        switch response.status {
        case 401, 403: throw ProviderError(.auth, "PostgREST refused the key: \(message)")
        case 400, 404, 405, 406: throw ProviderError(.invalid, "PostgREST refused the query: \(message)")
        case 409: throw ProviderError(.permanent, "conflict: \(message)")
        case 429: throw ProviderError(.rateLimited, "PostgREST rate limit", retryAfterMs: response.retryAfterMs)
        case 500...: throw ProviderError(.retryable, "PostgREST failed (\(response.status))")
        default: throw ProviderError(.permanent, "PostgREST answered \(response.status): \(message)")
        }
    }
}
