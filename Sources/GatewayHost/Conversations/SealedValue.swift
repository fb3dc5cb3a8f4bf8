/// One sealed value of a row.
package struct SealedValue: Sendable {
    package let id: String
    package let clientID: String
    package let value: String
}
