import ProviderKit

/// The `query` op's input as the caller sends it.
struct QueryRequest: Decodable {
    struct Filter: Decodable {
        let column: String
        let op: String
        let value: JSONValue?
    }

    struct Order: Decodable {
        let column: String
        let desc: Bool?
    }

    let table: String
    let operation: String?
    let columns: [String]?
    let filters: [Filter]?
    let order: [Order]?
    let limit: Int?
    let data: JSONValue?
}

/// A query that passed every safety rule; only this reaches SQL or a URL. Identifiers are plain identifiers from
/// `allowed_tables` or the caller (validated), and values stay values: bound parameters or URL-encoded filter values.
struct ValidatedQuery {
    enum Operation: String {
        case select, insert, update, delete
    }

    enum Operator: String, CaseIterable {
        case eq, neq, gt, gte, lt, lte, like, ilike, `in`, `is`
    }

    struct Filter {
        let column: String
        let op: Operator
        /// A scalar, an array of scalars for `in`, or null/true/false for `is`.
        let value: JSONValue
    }

    let table: String
    let operation: Operation
    let columns: [String]
    let filters: [Filter]
    let order: [(column: String, descending: Bool)]
    /// Rows to return at most (the caller's limit within the configured cap).
    let limit: Int
    /// Rows to write: one object per row, all with the same columns.
    let rows: [[String: JSONValue]]

    /// Applies the rules whatever the caller sent: table allowed, writes only when not read-only, plain identifiers,
    /// known operators, well-formed values, a limit within the cap, no update or delete without a filter.
    init(_ request: QueryRequest, policy: QueryPolicy) throws(ProviderError) {
        guard Identifier.isPlain(request.table), policy.allowedTables.contains(request.table) else {
            throw .invalid("table '\(request.table.prefix(64))' is not one of the allowed tables", field: "table")
        }
        table = request.table
        guard let operation = Operation(rawValue: request.operation ?? "select") else {
            throw .invalid("operation must be select, insert, update or delete", field: "operation")
        }
        guard operation == .select || !policy.readOnly else { throw .invalid("this database integration is read-only", field: "operation") }
        self.operation = operation
        columns = try Identifier.validated(request.columns ?? [], field: "columns")
        filters = try Self.filters(request.filters ?? [])
        var order: [(String, Bool)] = []
        for (index, item) in (request.order ?? []).enumerated() {
            order.append((try Identifier.validated(item.column, field: "order.\(index).column"), item.desc ?? false))
        }
        self.order = order
        let limit = request.limit ?? policy.maxRows
        guard limit >= 1 else { throw .invalid("limit must be at least 1", field: "limit") }
        self.limit = min(limit, policy.maxRows)
        rows = try Self.rows(request.data, for: operation)
        guard operation == .select || operation == .insert || !filters.isEmpty else {
            throw .invalid("\(operation.rawValue) needs at least one filter", field: "filters")
        }
    }

    private static func filters(_ raw: [QueryRequest.Filter]) throws(ProviderError) -> [Filter] {
        var result: [Filter] = []
        for (index, filter) in raw.enumerated() {
            let column = try Identifier.validated(filter.column, field: "filters.\(index).column")
            guard let op = Operator(rawValue: filter.op) else {
                throw .invalid("op must be one of \(Operator.allCases.map(\.rawValue).joined(separator: ", "))", field: "filters.\(index).op")
            }
            let value = filter.value ?? .null
            let valid: Bool
            switch op {
            case .is: valid = value == .null || value == .bool(true) || value == .bool(false)
            case .in: valid = value.array.map { !$0.isEmpty && $0.allSatisfy(\.isScalar) } ?? false
            default: valid = value.isScalar && value != .null
            }
            guard valid else { throw .invalid("value does not suit op '\(op.rawValue)'", field: "filters.\(index).value") }
            result.append(Filter(column: column, op: op, value: value))
        }
        return result
    }

    private static func rows(_ data: JSONValue?, for operation: Operation) throws(ProviderError) -> [[String: JSONValue]] {
        guard operation == .insert || operation == .update else { return [] }
        let objects: [JSONValue] = data?.array ?? (data.map { [$0] } ?? [])
        var rows: [[String: JSONValue]] = []
        for object in objects {
            guard case .object(let row) = object, !row.isEmpty else { throw .invalid("data must be an object (or, for insert, objects)", field: "data") }
            for key in row.keys where !Identifier.isPlain(key) { throw .invalid("'\(key.prefix(64))' is not a plain column name", field: "data") }
            rows.append(row)
        }
        guard !rows.isEmpty, operation == .insert || rows.count == 1 else { throw .invalid("data must hold the row to write", field: "data") }
        guard Set(rows.map { $0.keys.sorted() }).count == 1 else { throw .invalid("every row must have the same columns", field: "data") }
        return rows
    }
}

/// The configured limits a query must keep.
struct QueryPolicy {
    let allowedTables: Set<String>
    let readOnly: Bool
    let maxRows: Int
}

extension JSONValue {
    /// A string, number, boolean or null.
    var isScalar: Bool {
        switch self {
        case .null, .bool, .integer, .number, .string: true
        case .array, .object: false
        }
    }
}
