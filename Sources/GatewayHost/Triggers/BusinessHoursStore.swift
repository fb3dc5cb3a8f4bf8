/// Each client's time zone and weekly windows.
package protocol BusinessHoursStore: Sendable {
    func businessHours(clientID: String) async throws -> BusinessHours?
    func saveBusinessHours(clientID: String, _ hours: BusinessHours) async throws
}
