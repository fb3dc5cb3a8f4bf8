import Foundation

/// What a template may cost. A Mustache section repeats its content once per item of a list, so nested sections
/// multiply (six `{{#lead.tags}}` deep over 50 tags is 50^6 passes), and the library's render cannot be interrupted.
/// So the shape is checked when a template or a trigger's inline text is saved, and before every render the cost with
/// the conversation's own values is bounded from above: the library is only given work known to be small.
enum TemplateBudget {
    /// How deep sections may nest.
    static let maxSectionDepth = 3
    /// How many times sections may repeat their content in one render, counting every nested pass.
    static let maxPasses = 10_000
    /// The most text one render may produce.
    static let maxOutputBytes = 64 * 1024
    /// The longest list a section may meet when saved: a lead's tags (the longest list a tenant stores there).
    static let assumedListLength = 50

    /// One `{{...}}` tag: its kind (`#`, `^`, `/`, `!`, `&`, `{`, or nil for a plain variable) and the name it reads.
    private struct Tag {
        let kind: Character?
        let name: String
        let range: Range<String.Index>
    }

    /// Why the text cannot be saved as a template, or nil when it may be: partials, inheritance and delimiter changes
    /// are refused (there is nothing to include, and they would hide tags from this check), sections must close and
    /// nest at most `maxSectionDepth` deep, and with every section over a full list of tags the passes stay in budget.
    static func shapeProblem(_ text: String) -> String? {
        var open: [String] = []
        var passes = 0
        var multiplier = 1
        var multipliers: [Int] = []
        for tag in tags(in: text) {
            switch tag.kind {
            case ">", "<", "$", "=":
                return "partials, parents, blocks and delimiter changes ({{\(tag.kind!)...}}) are not supported"
            case "#", "^":
                open.append(tag.name)
                guard open.count <= maxSectionDepth else { return "sections nest at most \(maxSectionDepth) deep" }
                multipliers.append(multiplier)
                if tag.kind == "#" { multiplier *= assumedListLength }
                passes += multiplier
                guard passes <= maxPasses else {
                    return "sections over lists of \(assumedListLength) would repeat more than \(maxPasses) times: nest fewer"
                }
            case "/":
                guard open.popLast() == tag.name, let outer = multipliers.popLast() else { return "{{/\(tag.name)}} closes no open section" }
                multiplier = outer
            default:
                continue
            }
        }
        return open.last.map { "{{#\($0)}} is never closed" }
    }

    /// Why rendering the text with `values` could exceed the budget, or nil when it cannot. Every name is resolved as
    /// the renderer would (innermost section first, then the root), taking the largest value a name could be; a name
    /// it cannot resolve (a transform, a lambda) is taken as the largest list and the largest value anywhere.
    static func overrun(_ text: String, _ values: [String: Any]) -> String? {
        if let problem = shapeProblem(text) { return problem }
        let largest = Largest(values)
        var sections: [[Any]] = []  // what each open section iterates over
        var multipliers: [Double] = []
        var multiplier = 1.0
        var bytes = 0.0
        var passes = 0.0
        var position = text.startIndex
        for tag in tags(in: text) {
            bytes += Double(text[position..<tag.range.lowerBound].utf8.count) * multiplier
            position = tag.range.upperBound
            switch tag.kind {
            case "#", "^":
                let found = resolve(tag.name, sections: sections, root: values)
                let items = found.flatMap { $0 as? [Any] }
                let count = tag.kind == "^" ? 1 : (found == nil ? largest.list : max(items?.count ?? 1, 1))
                multipliers.append(multiplier)
                multiplier *= Double(count)
                passes += multiplier
                sections.append(items ?? found.map { [$0] } ?? [])
            case "/":
                multiplier = multipliers.popLast() ?? 1
                _ = sections.popLast()
            case "!":
                continue
            default:
                let size = resolve(tag.name, sections: sections, root: values).map(Largest.size) ?? largest.value
                bytes += Double(size) * multiplier
            }
            if passes > Double(maxPasses) { return "its sections would repeat more than \(maxPasses) times with this conversation's values" }
            if bytes > Double(maxOutputBytes) { return "it would render more than \(maxOutputBytes / 1024) KiB with this conversation's values" }
        }
        bytes += Double(text[position...].utf8.count) * multiplier
        return bytes > Double(maxOutputBytes) ? "it would render more than \(maxOutputBytes / 1024) KiB with this conversation's values" : nil
    }

    private static func tags(in text: String) -> [Tag] {
        text.matches(of: /\{\{(\{?)\s*([#^\/!&>$<=]?)\s*(.*?)\s*\}?\}\}/).map { match in
            let kind = match.output.1.isEmpty ? match.output.2.first : "{"
            return Tag(kind: kind, name: String(match.output.3), range: match.range)
        }
    }

    /// The value `name` reads: `.` is the innermost section's item; a dotted path is looked up in each open section's
    /// items, innermost first, then in the root. Of several items, the largest answer.
    private static func resolve(_ name: String, sections: [[Any]], root: [String: Any]) -> Any? {
        if name == "." { return sections.last.map { $0.max { Largest.size($0) < Largest.size($1) } as Any } }
        let path = name.split(separator: ".").map(String.init)
        for items in sections.reversed() {
            let found = items.compactMap { lookUp(path, in: $0) }
            if let biggest = found.max(by: { Largest.size($0) < Largest.size($1) }) { return biggest }
        }
        return lookUp(path, in: root)
    }

    private static func lookUp(_ path: [String], in value: Any) -> Any? {
        var current: Any? = value
        for part in path { current = (current as? [String: Any])?[part] }
        return current
    }
}

/// The largest list and the largest single value found anywhere in a template's values, and how big a value renders.
private struct Largest {
    var list = 1
    var value = 0

    init(_ values: [String: Any]) {
        values.values.forEach { visit($0) }
    }

    private mutating func visit(_ node: Any) {
        value = max(value, Self.size(node))
        if let items = node as? [Any] {
            list = max(list, items.count)
            items.forEach { visit($0) }
        } else if let members = node as? [String: Any] {
            members.values.forEach { visit($0) }
        }
    }

    /// An upper bound of the bytes a value renders to (a list or an object as its description).
    static func size(_ value: Any) -> Int {
        switch value {
        case let text as String: text.utf8.count
        case let items as [Any]: items.reduce(2) { $0 + size($1) + 4 }
        case let members as [String: Any]: members.reduce(2) { $0 + $1.key.utf8.count + size($1.value) + 6 }
        case is NSNull: 0
        default: 32
        }
    }
}
