import Foundation

/// How DLCore writes numbers in its descriptions and messages.
public enum NumberFormat {
    /// A count and its noun, singular for one: `1 output`, `2 outputs`, `10,000 samples`.
    public static func count(_ value: Int, _ noun: String) -> String {
        "\(grouped(value)) \(noun)\(value == 1 ? "" : "s")"
    }

    /// `200960` as `200,960`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// `value` in at most six significant digits, without trailing zeros: a learning rate of
    /// `0.001 / 10` in single precision reads `0.0001`, not `0.000100000005`.
    public static func short(_ value: Float) -> String { String(format: "%g", Double(value)) }

    /// A size in bytes as people read it: `512 bytes`, `3.2 MB`, `7.0 GB` (powers of 1000).
    public static func bytes(_ size: Int) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(size)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(size) bytes" : String(format: "%.1f ", value) + units[unit]
    }
}
