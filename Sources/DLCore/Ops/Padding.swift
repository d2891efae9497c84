/// How a window treats the image's edges.
public enum Padding: String, Codable, CaseIterable, Sendable {
    /// Pad with zeros so every input position starts a window: output size `ceil(input / stride)`.
    case same
    /// No padding: only windows that fit.
    case valid
}
