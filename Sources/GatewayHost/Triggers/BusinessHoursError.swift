/// Why business hours were refused: `field` names what is wrong.
package struct BusinessHoursError: Error, Sendable, CustomStringConvertible {
    package let message: String
    package let field: String

    package var description: String { message }
}
