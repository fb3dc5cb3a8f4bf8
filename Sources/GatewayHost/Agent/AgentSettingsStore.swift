package import Foundation

/// Each client's agent settings (debounce, content); its endpoint and secrets are an integration of type `agent`.
package protocol AgentSettingsStore: Sendable {
    func agentSettings(clientID: String) async throws -> TurnSettings?
    func saveAgentSettings(clientID: String, _ settings: TurnSettings, at: Date) async throws
    func deleteAgentSettings(clientID: String) async throws -> Bool
}
