/// The architecture of a sequential model as plain data: what the language builds, what a
/// saved file records, and what `Sequential` is made from.
public struct ModelSpec: Codable, Equatable, Sendable {
    /// The shape of one input sample, e.g. `[784]` or `[28, 28, 1]`.
    public var inputShape: [Int]
    /// The layers, first to last.
    public var layers: [LayerSpec]

    public init(inputShape: [Int], layers: [LayerSpec]) {
        self.inputShape = inputShape
        self.layers = layers
    }
}

/// One layer of a `ModelSpec`.
public enum LayerSpec: Codable, Equatable, Sendable {
    /// `Dense` with this many neurons.
    case dense(units: Int, activation: Activation, initializer: Initializer)
    /// `Dropout` at this rate.
    case dropout(rate: Float)
    /// An activation on its own.
    case activation(Activation)

    /// A dense layer with the automatic initializer.
    public static func dense(_ units: Int, _ activation: Activation = .linear) -> LayerSpec {
        .dense(units: units, activation: activation, initializer: .automatic)
    }
}

/// A model spec cannot be built, or a model cannot take a data set.
public struct ModelError: Error, Equatable, CustomStringConvertible {
    /// What is wrong and what to do about it.
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
