/// The plainest recurrent layer: `h_t = tanh(x_t·Wx + h_{t−1}·Wh + b)`.
///
/// Input `[batch, T, F]`; output `[batch, H]` (the last `h`) or, with `returnSequences`,
/// `[batch, T, H]`. Backward through time: `a_t = (∂h_t + ∂h from t+1) ⊙ (1 − h_t²)`, and the
/// gradient reaching `h_{t−1}` is `a_t · Whᵀ`.
public final class SimpleRNN: SteppedLayer {
    public let features: Int
    public let hidden: Int
    public let returnSequences: Bool
    /// `Wx`, `[F, H]`.
    public let inputWeight: Parameter
    /// `Wh`, `[H, H]`.
    public let recurrentWeight: Parameter
    /// `b`, `[H]`.
    public let bias: Parameter

    private var shape = SequenceProducts(batch: 0, steps: 0, features: 0, hidden: 0)
    private var input = Tensor(shape: [0])
    /// Every step's hidden state from the last forward pass, `[batch, T, H]`.
    private let states = FloatBuffer()

    public init(features: Int, hidden: Int, returnSequences: Bool = false, generator: inout RandomGenerator) {
        self.features = features
        self.hidden = hidden
        self.returnSequences = returnSequences
        (inputWeight, recurrentWeight) = Recurrent.weights(features: features, hidden: hidden, gates: 1, generator: &generator)
        bias = Parameter(name: "bias", value: Tensor(shape: [hidden]))
    }

    public var parameters: [Parameter] { [inputWeight, recurrentWeight, bias] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        try Recurrent.checkSequence(inputShape, features: features, layer: description)
        return returnSequences ? [inputShape[0], hidden] : [hidden]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let s = SequenceProducts(
            batch: input.shape[0], steps: input.count / (input.shape[0] * features), features: features, hidden: hidden)
        (shape, self.input) = (s, input)
        // a = X·Wx + b for every step at once; then, step by step, a_t += h_{t−1}·Wh and h_t = tanh(a_t).
        s.inputProduct(input, inputWeight.value, bias.value, width: hidden, into: states)
        let (states, recurrentWeight, hidden) = (states, recurrentWeight, hidden)
        s.rowBlocks { rows in
            for t in 0..<s.steps {
                if t > 0 { s.addStepProduct(states, step: t, recurrentWeight.value, width: hidden, into: states, rows: rows) }
                SimpleRNNCell.forward(step: t, rows: rows, s, states: states)
            }
        }
        return s.output(states, returnSequences: returnSequences)
    }

    public func lastSteps() -> [RecurrentStep] {
        let (s, h) = (shape, hidden)
        return (0..<s.steps).map { t in
            RecurrentStep(
                gates: [], carried: [.init(name: "state h", values: s.firstSample(states, step: t, width: h, count: h))])
        }
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let s = shape
        let da = FloatBuffer()
        s.stateGradient(outputGradient, returnSequences: returnSequences, into: da)
        let dhLater = FloatBuffer(zeros: s.batch * hidden)
        let (states, recurrentWeight, hidden) = (states, recurrentWeight, hidden)
        s.rowBlocks { rows in
            for t in stride(from: s.steps - 1, through: 0, by: -1) {
                SimpleRNNCell.backward(step: t, rows: rows, s, states: states, gradients: da, laterState: dhLater)
                if t > 0 {
                    s.stepInputGradient(
                        da, step: t, recurrentWeight.value, width: hidden, into: dhLater, accumulate: false, rows: rows)
                }
            }
        }
        s.recurrentSideGradients(da, width: hidden, states: states, weight: recurrentWeight)
        return s.inputSideGradients(
            da, width: hidden, input: input, weight: inputWeight, bias: bias, needsInputGradient: needsInputGradient)
    }

    public var description: String {
        Recurrent.description("SimpleRNN", features: features, hidden: hidden, returnSequences: returnSequences)
    }
}
