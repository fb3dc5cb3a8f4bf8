package import Foundation

/// Which conversations a list shows.
package struct ConversationFilter: Sendable {
    package struct Cursor: Sendable {
        package let updatedAt: Date
        package let id: String
    }

    package var status: ConversationStatus?
    package var channel: String?
    package var updatedSince: Date?
    package var tag: String?
    /// Rows after this one in the list's order.
    package var before: Cursor?

    package init() {}
}
