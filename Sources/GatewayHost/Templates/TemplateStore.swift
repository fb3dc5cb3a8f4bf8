/// Each client's message templates.
package protocol TemplateStore: Sendable {
    func saveTemplate(_ template: MessageTemplate) async throws
    func template(clientID: String, id: String) async throws -> MessageTemplate?
    func templates(clientID: String) async throws -> [MessageTemplate]
    func templateCount(clientID: String) async throws -> Int
    func deleteTemplate(clientID: String, id: String) async throws -> Bool
}
