package import Foundation

/// A message a trigger sends, with `{{contact.name}}`-style variables.
package struct MessageTemplate: Sendable, Equatable {
    package let clientID: String
    package let id: String
    package var channel: IntegrationType
    package var subject: String?
    package var body: String
    package let createdAt: Date
    package var updatedAt: Date
}
