/// THEN: what the trigger does, parsed from `action_type` + `action_config` with every rule checked (a refusal names
/// the path at fault).
enum TriggerAction: Sendable, Equatable {
    /// A WhatsApp or SMS message to the contact's phone.
    case sendMessage(channel: IntegrationType, TriggerText)
    /// An email to `to`, else to the contact's address; `subject` is used when the template has none.
    case sendEmail(to: [String]?, subject: String?, text: TriggerText)
    case callTool(TriggerTool)
    case changeStatus(ConversationStatus)

    var type: ActionType {
        switch self {
        case .sendMessage: .sendMessage
        case .sendEmail: .sendEmail
        case .callTool: .callTool
        case .changeStatus: .changeStatus
        }
    }

    /// The channel a sending action sends on; nil for an action that sends no message.
    var channel: IntegrationType? {
        switch self {
        case .sendMessage(let channel, _): channel
        case .sendEmail: .email
        case .callTool, .changeStatus: nil
        }
    }

    /// The channels `send_message` sends on (`channel`, default whatsapp).
    static let messageChannels: [IntegrationType] = [.whatsapp, .sms]

    init(type name: String, config: [String: JSONValue]) throws(TriggerError) {
        guard let type = ActionType(rawValue: name) else {
            throw .invalid("action_type must be one of \(ActionType.listed)", field: "action_type")
        }
        switch type {
        case .sendMessage:
            var channel = IntegrationType.whatsapp
            if let given = config["channel"] {
                guard let named = given.stringValue.flatMap(IntegrationType.init(rawValue:)), Self.messageChannels.contains(named) else {
                    throw .invalid("send_message sends on whatsapp or sms", field: "action_config.channel")
                }
                channel = named
            }
            self = .sendMessage(channel: channel, try TriggerText(config, inline: "message"))
        case .sendEmail:
            var to: [String]?
            if let list = config["to"] {
                guard case .array(let items) = list, (1...100).contains(items.count) else {
                    throw .invalid("a non-empty list of at most 100 email addresses", field: "action_config.to")
                }
                to = []
                for (index, item) in items.enumerated() {
                    guard let address = item.stringValue, TextRules.isEmail(address) else {
                        throw .invalid("not an email address", field: "action_config.to.\(index)")
                    }
                    to?.append(address)
                }
            }
            let text = try TriggerText(config, inline: "body")
            var subject: String?
            if let given = config["subject"] {
                guard let line = given.stringValue, (1...200).contains(TextRules.length(line)), TextRules.isOneLine(line) else {
                    throw .invalid("subject must be one line of 1 to 200 characters", field: "action_config.subject")
                }
                if let problem = TemplateBudget.shapeProblem(line) { throw .invalid(problem, field: "action_config.subject") }
                subject = line
            }
            self = .sendEmail(to: to, subject: subject, text: text)
        case .callTool:
            self = .callTool(try TriggerTool(config))
        case .changeStatus:
            guard let status = config["status"]?.stringValue.flatMap(ConversationStatus.init(rawValue:)) else {
                throw .invalid("status must be open, pending or closed", field: "action_config.status")
            }
            self = .changeStatus(status)
        }
    }
}

/// A sending action's text: the client's template `template_id` (when it has it), else the inline text; both
/// rendered with the conversation's values.
struct TriggerText: Sendable, Equatable {
    let templateID: String?
    let inline: String?

    static let maxLength = 4_096
}

extension TriggerText {
    /// `template_id` or the member `inline` names (`message`, `body`), each text of 1 to `maxLength` characters.
    init(_ config: [String: JSONValue], inline key: String) throws(TriggerError) {
        guard config["template_id"] != nil || config[key] != nil else {
            throw .invalid("template_id or \(key) is required", field: "action_config.\(key)")
        }
        templateID = try Self.text(config["template_id"], at: "template_id")
        inline = try Self.text(config[key], at: key)
        if let inline, let problem = TemplateBudget.shapeProblem(inline) { throw .invalid(problem, field: "action_config.\(key)") }
    }

    private static func text(_ value: JSONValue?, at key: String) throws(TriggerError) -> String? {
        guard let value else { return nil }
        guard let text = value.stringValue, (1...maxLength).contains(TextRules.length(text)) else {
            throw .invalid("\(key) must be text of 1 to \(maxLength) characters", field: "action_config.\(key)")
        }
        return text
    }
}

/// `call_tool`'s tool.
enum TriggerTool: Sendable, Equatable {
    /// A query on the client's database integration; its input is read as `POST /api/integrations/database/query`'s body
    /// when the tool runs.
    case databaseQuery(input: [String: JSONValue])
    /// A signed POST of `{trigger_id, trigger_name, conversation_id, body}` to `url`.
    case http(url: String, body: JSONValue?)
    /// A turn for the client's agent, carrying `instruction`.
    case agent(instruction: String)

    init(_ config: [String: JSONValue]) throws(TriggerError) {
        switch config["tool"]?.stringValue {
        case "database.query":
            guard case .object(let input)? = config["input"] else { throw .invalid("database.query takes an input object", field: "action_config.input") }
            self = .databaseQuery(input: input)
        case "http":
            guard let url = config["url"]?.stringValue, TextRules.isWebURL(url) else {
                throw .invalid("http takes an http(s) url", field: "action_config.url")
            }
            self = .http(url: url, body: config["body"])
        case "agent":
            guard let instruction = config["instruction"]?.stringValue, !instruction.isEmpty else {
                throw .invalid("agent takes an instruction", field: "action_config.instruction")
            }
            self = .agent(instruction: instruction)
        default:
            throw .invalid("tool must be database.query, http or agent", field: "action_config.tool")
        }
    }
}
