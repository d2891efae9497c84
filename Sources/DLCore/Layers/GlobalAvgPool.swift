/// Averages each channel over the whole image: `[batch, H, W, C]` to `[batch, C]`.
/// Backward spreads each channel's gradient evenly: `∂x = g / (H·W)` at every position.
public final class GlobalAvgPool: Layer {
    private var inputShape: [Int] = []
    private var output = Tensor(shape: [0])
    private var inputGradient = Tensor(shape: [0])

    public init() {}

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard inputShape.count == 3 else {
            throw ShapeError(layer: description, inputShape: inputShape, expected: "an image height x width x channels")
        }
        return [inputShape[2]]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        inputShape = input.shape
        AveragePooling.forwardGlobal(input, into: &output)
        return output
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        AveragePooling.backwardGlobal(outputGradient, inputShape: inputShape, into: &inputGradient)
        return inputGradient
    }

    public var description: String { "GlobalAvgPool()" }
}
