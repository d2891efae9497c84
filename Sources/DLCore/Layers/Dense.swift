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

    /// A layer with the given weights `[inputSize, outputSize]` and bias `[outputSize]`.
    public init(weight: Tensor, bias: Tensor, activation: Activation = .linear) {
        precondition(weight.rank == 2 && bias.shape == [weight.shape[1]], "Dense needs W [in, out] and b [out]")
        inputSize = weight.shape[0]
        outputSize = weight.shape[1]
        self.activation = activation
        self.weight = Parameter(name: "weight", value: weight)
        self.bias = Parameter(name: "bias", value: bias)
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
        let (n, k) = (outputSize, inputSize)
        input.scalars.withUnsafeBufferPointer { x in
            weight.value.scalars.withUnsafeBufferPointer { w in
                bias.value.scalars.withUnsafeBufferPointer { b in
                    output.scalars.withUnsafeMutableBufferPointer { y in
                        let y = y.baseAddress!
                        MatrixMultiply.gemm(
                            transposeA: false, transposeB: false, m: batch, n: n, k: k,
                            a: x.baseAddress!, lda: k, b: w.baseAddress!, ldb: n,
                            beta: 0, c: y, ldc: n)
                        Elementwise.addRowVector(y, rows: batch, columns: n, b.baseAddress!)
                        if !activationSkipped { activation.apply(y, rows: batch, columns: n) }
                    }
                }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let batch = input.shape[0]
        precondition(outputGradient.count == batch * outputSize, "\(description) got gradient \(outputGradient.shape)")
        let (n, k) = (outputSize, inputSize)
        let g = activation.inputGradient(
            output: output, outputGradient: outputGradient, skipped: activationSkipped, buffer: &activationGradient)
        if needsInputGradient { inputGradient.resize(to: input.shape) }
        g.scalars.withUnsafeBufferPointer { g in
            let g = g.baseAddress!
            input.scalars.withUnsafeBufferPointer { x in
                weight.gradient.scalars.withUnsafeMutableBufferPointer { dw in
                    MatrixMultiply.gemm(
                        transposeA: true, transposeB: false, m: k, n: n, k: batch,
                        a: x.baseAddress!, lda: k, b: g, ldb: n, beta: 0, c: dw.baseAddress!, ldc: n)
                }
            }
            bias.gradient.scalars.withUnsafeMutableBufferPointer { db in
                Elementwise.sumColumns(g, rows: batch, columns: n, into: db.baseAddress!)
            }
            if needsInputGradient {
                weight.value.scalars.withUnsafeBufferPointer { w in
                    inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                        MatrixMultiply.gemm(
                            transposeA: false, transposeB: true, m: batch, n: k, k: n,
                            a: g, lda: n, b: w.baseAddress!, ldb: n, beta: 0, c: dx.baseAddress!, ldc: k)
                    }
                }
            }
        }
        return needsInputGradient ? inputGradient : nil
    }

    public var description: String {
        "Dense(\(inputSize) => \(outputSize)\(activation == .linear ? "" : ", \(activation.rawValue)"))"
    }
}
