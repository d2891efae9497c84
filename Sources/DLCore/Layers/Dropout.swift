/// Randomly zeroes a fraction of its inputs while training, to keep a network from leaning on
/// any one neuron.
///
/// Inverted dropout: in training each element is kept with probability `1 − rate` and scaled by
/// `1 / (1 − rate)`, so nothing changes at inference, where the layer is the identity.
/// Backward multiplies the gradient by the same mask.
public final class Dropout: Layer {
    /// The fraction of inputs dropped, in `[0, 1)`.
    public let rate: Float
    private var generator: RandomGenerator
    private var mask: [Float] = []
    private var output = Tensor(shape: [0])
    private var inputGradient = Tensor(shape: [0])
    private var lastForwardTrained = false

    /// A dropout layer whose masks come from `generator`'s stream.
    public init(rate: Float, generator: inout RandomGenerator) {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1), got \(rate)")
        self.rate = rate
        self.generator = generator.split()
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] { inputShape }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        lastForwardTrained = training && rate > 0
        guard lastForwardTrained else { return input }
        let count = input.count
        if mask.count != count { mask = [Float](repeating: 0, count: count) }
        let scale = 1 / (1 - rate)
        for i in 0..<count { mask[i] = generator.nextUniform() < rate ? 0 : scale }
        Elementwise.multiply(input, mask, into: &output)
        return output
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        guard lastForwardTrained else { return outputGradient }
        Elementwise.multiply(outputGradient, mask, into: &inputGradient)
        return inputGradient
    }

    public var description: String { "Dropout(\(rate))" }
}
