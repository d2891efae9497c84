/// A fully connected layer: every output is a weighted sum of every input plus a bias,
/// passed through an activation.
///
/// `y = σ(x · W + b)`, with `x` of shape `[batch, inputSize]` (any per-sample shape whose element
/// count is `inputSize` is taken as flat), `W` of shape `[inputSize, outputSize]`, `b` of shape
/// `[outputSize]` and `y` of shape `[batch, outputSize]`. Backward, with `g` the gradient at the
/// activation's input: `∂W = xᵀ · g`, `∂b = Σ_rows g`, `∂x = g · Wᵀ`.
///
/// ```swift
/// var generator = RandomGenerator(seed: 1)
/// let layer = Dense(inputSize: 784, outputSize: 256, activation: .relu, generator: &generator)
/// print(layer)  // Dense(784 => 256, relu)
/// ```
public final class Dense: ActivatedLayer {
    /// Inputs per sample.
    public let inputSize: Int
    /// Outputs per sample (the number of neurons).
    public let outputSize: Int
    /// The nonlinearity applied to `x · W + b`.
    public let activation: Activation
    /// `W`, `[inputSize, outputSize]`.
    public let weight: Parameter
    /// `b`, `[outputSize]`.
    public let bias: Parameter
    /// Whether the latest forward pass left the activation out (see `ActivatedLayer`).
    private var activationSkipped = false

    private var input = Tensor(shape: [0])
    private var output = Tensor(shape: [0])
    private var inputGradient = Tensor(shape: [0])
    private var activationGradient = Tensor(shape: [0])

    /// A layer with the given weights `[inputSize, outputSize]` and bias `[outputSize]`; `names`
    /// name its two parameters (a layer that holds a dense part names them apart from its own).
    public init(
        weight: Tensor, bias: Tensor, activation: Activation = .linear,
        names: (weight: String, bias: String) = ("weight", "bias")
    ) {
        precondition(weight.rank == 2 && bias.shape == [weight.shape[1]], "Dense needs W [in, out] and b [out]")
        inputSize = weight.shape[0]
        outputSize = weight.shape[1]
        self.activation = activation
        self.weight = Parameter(name: names.weight, value: weight)
        self.bias = Parameter(name: names.bias, value: bias)
    }

    /// A layer of `outputSize` neurons with initialised weights and zero bias.
    public convenience init(
        inputSize: Int, outputSize: Int, activation: Activation = .linear,
        initializer: Initializer = .automatic, generator: inout RandomGenerator
    ) {
        let weights = initializer.weights(
            count: inputSize * outputSize, fanIn: inputSize, fanOut: outputSize,
            activation: activation, generator: &generator)
        self.init(
            weight: Tensor(shape: [inputSize, outputSize], scalars: weights),
            bias: Tensor(shape: [outputSize]), activation: activation)
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard inputShape.product == inputSize else {
            throw ShapeError(layer: description, inputShape: inputShape, expected: "\(inputSize) values per sample")
        }
        return [outputSize]
    }

    public func forward(_ input: Tensor, training: Bool, activated: Bool) -> Tensor {
        activationSkipped = !activated
        let batch = input.shape[0]
        precondition(input.count == batch * inputSize, "\(description) got input \(input.shape)")
        self.input = input
        output.resize(to: [batch, outputSize])
        // y = σ(x · W + b)
        MatrixMultiply.multiply(input, weight.value, m: batch, n: outputSize, k: inputSize, into: &output)
        Elementwise.addRowVector(bias.value, to: &output)
        if activated { activation.apply(to: &output, columns: outputSize) }
        return output
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let batch = input.shape[0]
        precondition(outputGradient.count == batch * outputSize, "\(description) got gradient \(outputGradient.shape)")
        let g = activation.inputGradient(
            output: output, outputGradient: outputGradient, skipped: activationSkipped, buffer: &activationGradient)
        // ∂W = xᵀ · g, ∂b = Σ_rows g, ∂x = g · Wᵀ
        MatrixMultiply.multiply(input, transposeA: true, g, m: inputSize, n: outputSize, k: batch, into: &weight.gradient)
        Elementwise.sumRows(g, into: &bias.gradient)
        guard needsInputGradient else { return nil }
        inputGradient.resize(to: input.shape)
        MatrixMultiply.multiply(
            g, weight.value, transposeB: true, m: batch, n: inputSize, k: outputSize, into: &inputGradient)
        return inputGradient
    }

    public var description: String {
        "Dense(\(inputSize) => \(outputSize)\(activation == .linear ? "" : ", \(activation.rawValue)"))"
    }
}
