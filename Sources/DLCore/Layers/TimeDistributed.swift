/// The same `Dense` layer applied to every step of a sequence: `[batch, T, F]` to
/// `[batch, T, units]`, with one set of weights shared by all steps. Its softmax (if any) is per
/// step, so a many-to-many model classifies each step.
public final class TimeDistributed: ActivatedLayer {
    /// The layer applied at each step.
    public let dense: Dense
    private var inputShape: [Int] = []

    public init(_ dense: Dense) { self.dense = dense }

    public var activation: Activation { dense.activation }
    public var parameters: [Parameter] { dense.parameters }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard inputShape.count == 2, inputShape[1] == dense.inputSize else {
            throw ShapeError(layer: description, inputShape: inputShape, expected: "a sequence steps x \(dense.inputSize)")
        }
        return [inputShape[0], dense.outputSize]
    }

    public func forward(_ input: Tensor, training: Bool, activated: Bool) -> Tensor {
        inputShape = input.shape
        let steps = input.shape[1]
        let rows = input.shape[0] * steps
        let output = dense.forward(input.reshaped([rows, dense.inputSize]), training: training, activated: activated)
        return output.reshaped([input.shape[0], steps, dense.outputSize])
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let rows = outputGradient.count / dense.outputSize
        return dense.backward(outputGradient.reshaped([rows, dense.outputSize]), needsInputGradient: needsInputGradient)?
            .reshaped(inputShape)
    }

    public var description: String { "TimeDistributed(\(dense))" }
}
