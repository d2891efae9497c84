/// An activation on its own, between two layers that have none (`y = σ(x)`, same shape).
public final class ActivationLayer: ActivatedLayer {
    public let activation: Activation
    /// Whether the latest forward pass left the activation out (see `ActivatedLayer`).
    private var activationSkipped = false
    private var output = Tensor(shape: [0])
    private var inputGradient = Tensor(shape: [0])

    /// A layer that applies `activation` to its input.
    public init(_ activation: Activation) { self.activation = activation }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] { inputShape }

    public func forward(_ input: Tensor, training: Bool, activated: Bool) -> Tensor {
        activationSkipped = !activated
        output = input
        if activated { activation.apply(to: &output, columns: input.shape.last ?? 1) }
        return output
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        return activation.inputGradient(
            output: output, outputGradient: outputGradient, skipped: activationSkipped, buffer: &inputGradient)
    }

    public var description: String { "Activation(\(activation.rawValue))" }
}
