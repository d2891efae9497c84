import DLCore
import Foundation

/// Every way DLScript writes a number, in one place: values as the language shows them, table
/// cells with a few significant digits, fixed decimals, and counts grouped by thousands.
public enum NumberText {
    /// A value as DL shows it: `3`, `0.001`, `2.5e-07` (whole numbers without ".0").
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A value as DL shows it.
    public static func format(_ value: Float) -> String { format(Double(value)) }

    /// A number with `digits` significant digits, as tables show losses: `0.3412`, `1.2e-05`.
    public static func significant(_ value: Float, _ digits: Int = 4) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let magnitude = Int(floor(log10(abs(Double(value)))))
        if magnitude < -4 || magnitude >= 6 { return String(format: "%.\(digits - 1)e", Double(value)) }
        return fixed(Double(value), decimals: Swift.max(0, digits - 1 - magnitude))
    }

    /// A number with a fixed number of decimals: `0.98`.
    public static func fixed(_ value: Double, decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    /// A count and its noun, singular for one: `1 sample`, `10,000 samples`.
    public static func count(_ value: Int, _ noun: String) -> String { NumberFormat.count(value, noun) }

    /// A count grouped by thousands: `200,960` (DLCore's, which its own descriptions use).
    public static func grouped(_ value: Int) -> String { NumberFormat.grouped(value) }
}
