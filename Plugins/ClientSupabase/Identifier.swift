import ProviderKit

/// SQL identifiers: only plain ones (`[A-Za-z_][A-Za-z0-9_]*`, at most 63 bytes) pass, and they are quoted anyway.
enum Identifier {
    static func isPlain(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 63 else { return false }
        let letters = { (c: Unicode.Scalar) in (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" }
        return letters(first) && name.unicodeScalars.allSatisfy { letters($0) || ($0 >= "0" && $0 <= "9") }
    }

    static func validated(_ name: String, field: String) throws(ProviderError) -> String {
        guard isPlain(name) else { throw .invalid("'\(name.prefix(64))' is not a plain identifier", field: field) }
        return name
    }

    static func validated(_ names: [String], field: String) throws(ProviderError) -> [String] {
        var result: [String] = []
        for (index, name) in names.enumerated() { result.append(try validated(name, field: "\(field).\(index)")) }
        return result
    }

    /// `"name"`: safe because `name` is plain, and quoted so that keywords and case survive.
    static func quoted(_ name: String) -> String { "\"\(name)\"" }
}
