/// Gives each sample a new shape with the same number of values (`Flatten` is the reshape to one
/// dimension). Moves no data: backward gives the gradient back its input shape.
public final class Reshape: Layer {
    /// The per-sample output shape.
    public let targetShape: [Int]
    private let isFlatten: Bool
    private var inputShape: [Int] = []

    /// A reshape to `targetShape` per sample.
    public init(_ targetShape: [Int]) {
        self.targetShape = targetShape
        isFlatten = false
    }

    /// A flatten of samples of `inputShape` to one dimension.
    public init(flattening inputShape: [Int]) {
        targetShape = [inputShape.product]
        isFlatten = true
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard inputShape.product == targetShape.product else {
            throw ShapeError(layer: description, inputShape: inputShape, expected: "\(targetShape.product) values per sample")
        }
        return targetShape
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        inputShape = input.shape
        return input.reshaped([input.shape[0]] + targetShape)
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        needsInputGradient ? outputGradient.reshaped(inputShape) : nil
    }

    public var description: String { isFlatten ? "Flatten()" : "Reshape(\(Shape.format(targetShape)))" }
}
