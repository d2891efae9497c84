/// Gated recurrent unit (PyTorch's formulation): lighter than an LSTM, with a reset and an update
/// gate and no separate cell state.
///
/// With `a = x_t·Wx + bx` and `b = h_{t−1}·Wh + bh`, each split into blocks r, z, n:
/// `r = σ(a_r + b_r)`, `z = σ(a_z + b_z)`, `n = tanh(a_n + r ⊙ b_n)`,
/// `h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}`. Input `[batch, T, F]`; output `[batch, H]` or, with
/// `returnSequences`, `[batch, T, H]`.
public final class GRU: SteppedLayer {
    public let features: Int
    public let hidden: Int
    public let returnSequences: Bool
    /// `Wx`, `[F, 3H]`.
    public let inputWeight: Parameter
    /// `Wh`, `[H, 3H]`.
    public let recurrentWeight: Parameter
    /// `bx`, `[3H]`.
    public let inputBias: Parameter
    /// `bh`, `[3H]`.
    public let recurrentBias: Parameter

    private var shape = SequenceProducts(batch: 0, steps: 0, features: 0, hidden: 0)
    // What backward needs from the last forward pass, `[batch, T, ·]`.
    private var input = Tensor(shape: [0])
    /// r, z and n after their activations.
    private let gates = FloatBuffer()
    /// `b_n`, the candidate's recurrent sum before the reset gate scales it.
    private let recurrentCandidates = FloatBuffer()
    private let states = FloatBuffer()
    /// `b = h_{t−1}·Wh + bh` for the step being computed.
    private let recurrentSums = FloatBuffer()

    public init(features: Int, hidden: Int, returnSequences: Bool = false, generator: inout RandomGenerator) {
        self.features = features
        self.hidden = hidden
        self.returnSequences = returnSequences
        (inputWeight, recurrentWeight) = Recurrent.weights(features: features, hidden: hidden, gates: 3, generator: &generator)
        inputBias = Parameter(name: "input_bias", value: Tensor(shape: [3 * hidden]))
        recurrentBias = Parameter(name: "recurrent_bias", value: Tensor(shape: [3 * hidden]))
    }

    public var parameters: [Parameter] { [inputWeight, recurrentWeight, inputBias, recurrentBias] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        try Recurrent.checkSequence(inputShape, features: features, layer: description)
        return returnSequences ? [inputShape[0], hidden] : [hidden]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let s = SequenceProducts(
            batch: input.shape[0], steps: input.count / (input.shape[0] * features), features: features, hidden: hidden)
        (shape, self.input) = (s, input)
        for buffer in [recurrentCandidates, states] { buffer.resize(s.batch * s.steps * hidden, zeroed: false) }
        // a = X·Wx + bx for every step at once; then, step by step, b = h_{t−1}·Wh + bh and the cell.
        s.inputProduct(input, inputWeight.value, inputBias.value, width: 3 * hidden, into: gates)
        recurrentSums.resize(s.batch * 3 * hidden, zeroed: false)
        let (gates, recurrentSums, recurrentCandidates, states) = (gates, recurrentSums, recurrentCandidates, states)
        let (recurrentWeight, recurrentBias, hidden) = (recurrentWeight, recurrentBias, hidden)
        s.rowBlocks { rows in
            for t in 0..<s.steps {
                s.fillStep(recurrentSums, with: recurrentBias.value, rows: rows)
                if t > 0 {
                    s.addStepProduct(
                        states, step: t, recurrentWeight.value, width: 3 * hidden, intoStep: recurrentSums, rows: rows)
                }
                GRUCell.forward(
                    step: t, rows: rows, s, inputSums: gates, recurrentSums: recurrentSums,
                    recurrentCandidates: recurrentCandidates, states: states)
            }
        }
        return s.output(states, returnSequences: returnSequences)
    }

    public func lastSteps() -> [RecurrentStep] {
        let (s, h) = (shape, hidden)
        return (0..<s.steps).map { t in
            RecurrentStep(
                gates: s.firstSampleGates(gates, step: t, names: ["reset gate r", "update gate z", "candidate n"]),
                carried: [.init(name: "state h", values: s.firstSample(states, step: t, width: h, count: h))])
        }
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let s = shape
        let width = 3 * hidden
        let dStates = FloatBuffer()
        s.stateGradient(outputGradient, returnSequences: returnSequences, into: dStates)
        // The gradients at a = x·Wx + bx and at b = h·Wh + bh, every step.
        let (dInput, dRecurrent) = (FloatBuffer(zeros: s.batch * s.steps * width), FloatBuffer(zeros: s.batch * s.steps * width))
        let dhLater = FloatBuffer(zeros: s.batch * hidden)
        let (gates, recurrentCandidates, states, recurrentWeight) = (gates, recurrentCandidates, states, recurrentWeight)
        s.rowBlocks { rows in
            for t in stride(from: s.steps - 1, through: 0, by: -1) {
                GRUCell.backward(
                    step: t, rows: rows, s, gates: gates, recurrentCandidates: recurrentCandidates, states: states,
                    stateGradients: dStates, laterState: dhLater, inputGradients: dInput, recurrentGradients: dRecurrent)
                if t > 0 {
                    s.stepInputGradient(
                        dRecurrent, step: t, recurrentWeight.value, width: width, into: dhLater, accumulate: true, rows: rows)
                }
            }
        }
        s.recurrentSideGradients(dRecurrent, width: width, states: states, weight: recurrentWeight, bias: recurrentBias)
        return s.inputSideGradients(
            dInput, width: width, input: input, weight: inputWeight, bias: inputBias, needsInputGradient: needsInputGradient)
    }

    public var description: String {
        Recurrent.description("GRU", features: features, hidden: hidden, returnSequences: returnSequences)
    }
}
