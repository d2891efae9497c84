/// Formatting of shapes in messages.
public enum Shape {
    /// `[28, 28, 1]` as `28x28x1`, `[]` as `scalar`.
    public static func format(_ shape: [Int]) -> String {
        shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "x")
    }
}
