import MCP

/// Who a tool call acts for: the client and actor of the credential that made the request, never a tool argument.
struct ToolCaller: Sendable {
    let clientID: String
    let actor: String
}

/// What an agent sees of a tool: its name, what it does, the JSON Schemas of its arguments and of its answer, and
/// hints about its effects.
struct AgentToolDefinition: Sendable {
    let name: String
    let title: String
    let description: String
    /// A closed object schema: its property names are the only arguments the tool takes.
    let input: JSONValue
    let output: JSONValue
    let annotations: Tool.Annotations

    /// The argument names the input schema declares.
    var argumentNames: Set<String> { Set(input.objectValue?["properties"]?.objectValue?.keys.map { $0 } ?? []) }
}

/// One tool an agent can call over MCP. It runs the same service code as its REST route, for `caller`, and answers a
/// JSON object matching its output schema, or throws what the route would answer.
protocol AgentTool: Sendable {
    var definition: AgentToolDefinition { get }
    func run(_ arguments: ToolArguments, for caller: ToolCaller) async throws -> JSONValue
}
