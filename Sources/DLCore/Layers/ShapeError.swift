/// A layer cannot take an input of the given shape.
public struct ShapeError: Error, Equatable, CustomStringConvertible {
    /// The layer's description, e.g. `Dense(784 => 256, relu)`.
    public var layer: String
    /// The per-sample shape it was given.
    public var inputShape: [Int]
    /// What it needs instead.
    public var expected: String

    public init(layer: String, inputShape: [Int], expected: String) {
        self.layer = layer
        self.inputShape = inputShape
        self.expected = expected
    }

    public var description: String {
        "\(layer) cannot take input of shape \(Shape.format(inputShape)): it expects \(expected)"
    }

    /// An image layer's error: given `H x W` without channels, it says which shape to reshape to.
    static func image(layer: String, inputShape: [Int], expected: String) -> ShapeError {
        let hint = inputShape.count == 2 ? " (as a grey image, reshape it to \(Shape.format(inputShape + [1])) first)" : ""
        return ShapeError(layer: layer, inputShape: inputShape, expected: expected + hint)
    }
}
