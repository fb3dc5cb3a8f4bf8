/// Turns what a provider states about time into the ABI's milliseconds without ever trapping: a provider (or whoever
/// answers at a tenant's URL) may send infinity, NaN, a negative or an absurdly large number.
public enum Milliseconds {
    /// `seconds` as whole milliseconds within `UInt32`: 0 for NaN, zero or a negative value, `UInt32.max` for anything
    /// larger (infinity included). The host caps how long it actually waits.
    public static func clamped(seconds: Double) -> UInt32 {
        guard !seconds.isNaN, seconds > 0 else { return 0 }
        let milliseconds = seconds * 1000
        return milliseconds >= Double(UInt32.max) ? .max : UInt32(milliseconds)
    }
}
