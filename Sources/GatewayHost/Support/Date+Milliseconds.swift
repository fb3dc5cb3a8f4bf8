package import Foundation

extension Date {
    /// Milliseconds since 1970, held within Int64 whatever the date: `Int64(x)` traps on a date far enough out (or a
    /// NaN interval), and this is the one place that converts.
    package var millisecondsSince1970: Int64 {
        let milliseconds = (timeIntervalSince1970 * 1000).rounded(.towardZero)
        guard !milliseconds.isNaN else { return 0 }
        return Int64(exactly: milliseconds) ?? (milliseconds < 0 ? .min : .max)
    }
}
