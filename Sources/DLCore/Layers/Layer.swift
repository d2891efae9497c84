/// One step of a network: a function of its input with a forward and a backward pass.
///
/// Tensors passed between layers are batches, `[batch] + sampleShape`. A layer keeps what its
/// backward pass needs from the latest `forward` call, so `backward` must follow the `forward`
/// whose output gradient it receives. `backward` sets (not adds to) its parameters' gradients.
public protocol Layer: AnyObject, CustomStringConvertible {
    /// The shape of one output sample for one input sample of `inputShape`, or a `ShapeError`
    /// that names this layer and both shapes when the layer cannot take that input.
    func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int]

    /// The output for a batch; `training` turns on behaviour that only applies while learning
    /// (dropout's mask).
    func forward(_ input: Tensor, training: Bool) -> Tensor

    /// The gradient of the loss with respect to the latest forward input, given the gradient
    /// with respect to its output; also sets the gradients of `parameters`. Returns nil, skipping
    /// that product, when `needsInputGradient` is false (the first layer of a model).
    func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor?

    /// The trainable tensors of this layer, with their gradients.
    var parameters: [Parameter] { get }
}

extension Layer {
    /// The input gradient of `backward(_:needsInputGradient:)`, always computed.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        backward(outputGradient, needsInputGradient: true)!
    }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + ($1.trainable ? $1.value.count : 0) } }
}

/// A layer whose last step is an `Activation` that a loss may take over (softmax before
/// cross-entropy, sigmoid before binary cross-entropy), so the pair is computed stably in one.
public protocol ActivatedLayer: Layer {
    /// The activation applied last.
    var activation: Activation { get }
    /// The output for a batch; with `activated` false, the values before the activation. The
    /// layer records which it gave, as `Dropout` records its mode, so the next `backward` expects
    /// the gradient with respect to what `forward` returned.
    func forward(_ input: Tensor, training: Bool, activated: Bool) -> Tensor
}

extension ActivatedLayer {
    /// The output for a batch, activated.
    public func forward(_ input: Tensor, training: Bool) -> Tensor { forward(input, training: training, activated: true) }
}

/// A layer that reads the targets while learning (teacher forcing): a `Decoder` is fed the target
/// of each step before, where without targets it is fed its own output. Its output is what the
/// targets are for, so it is a model's last layer.
public protocol TeacherForcedLayer: ActivatedLayer {
    /// The output for a batch, fed `teacher` (the batch's targets) when it is given.
    func forward(_ input: Tensor, training: Bool, activated: Bool, teacher: Tensor?) -> Tensor
}
