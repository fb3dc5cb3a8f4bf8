/// A domain error whose message is written for the client that caused it (never a secret or message content), so an
/// execution log or a tool result may show it as it is.
package protocol ClientFacingError: Error {
    var message: String { get }
}

extension MessageError: ClientFacingError {}
extension IntegrationError: ClientFacingError {}
extension ConversationError: ClientFacingError {}
extension TemplateError: ClientFacingError {}
extension TriggerError: ClientFacingError {}
extension BusinessHoursError: ClientFacingError {}
