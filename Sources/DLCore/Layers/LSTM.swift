/// Long short-term memory: a recurrent layer whose cell state carries information across many
/// steps, guarded by learned gates.
///
/// For each step, with `[·, ·]` the four gate blocks of `x_t·Wx + h_{t−1}·Wh + b` (order i, f, g,
/// o as in PyTorch): `i = σ(·)`, `f = σ(·)`, `g = tanh(·)`, `o = σ(·)`; `c_t = f ⊙ c_{t−1} + i ⊙ g`;
/// `h_t = o ⊙ tanh(c_t)`. Input `[batch, T, F]`; output `[batch, H]` (the last `h`) or, with
/// `returnSequences`, `[batch, T, H]`. Backward runs through time (BPTT) in reverse.
public final class LSTM: SteppedLayer {
    public let features: Int
    public let hidden: Int
    public let returnSequences: Bool
    /// `Wx`, `[F, 4H]`.
    public let inputWeight: Parameter
    /// `Wh`, `[H, 4H]`.
    public let recurrentWeight: Parameter
    /// `b`, `[4H]`; the forget block starts at 1 so early training remembers.
    public let bias: Parameter

    private var shape = SequenceProducts(batch: 0, steps: 0, features: 0, hidden: 0)
    // What backward needs from the last forward pass, `[batch, T, ·]`.
    private var input = Tensor(shape: [0])
    private let gates = FloatBuffer()
    private let cells = FloatBuffer()
    private let cellTanh = FloatBuffer()
    private let states = FloatBuffer()
    /// The gate sums' gradients of the last backward pass, kept to save an allocation a batch.
    private let dGates = FloatBuffer()

    public init(features: Int, hidden: Int, returnSequences: Bool = false, generator: inout RandomGenerator) {
        self.features = features
        self.hidden = hidden
        self.returnSequences = returnSequences
        (inputWeight, recurrentWeight) = Recurrent.weights(features: features, hidden: hidden, gates: 4, generator: &generator)
        var b = [Float](repeating: 0, count: 4 * hidden)
        for j in hidden..<(2 * hidden) { b[j] = 1 }
        bias = Parameter(name: "bias", value: Tensor(shape: [4 * hidden], scalars: b))
    }

    public var parameters: [Parameter] { [inputWeight, recurrentWeight, bias] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        try Recurrent.checkSequence(inputShape, features: features, layer: description)
        return returnSequences ? [inputShape[0], hidden] : [hidden]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let s = begin(input)
        self.input = input
        // Z = X·Wx + b for every step at once; then, step by step, Z_t += h_{t−1}·Wh and the cell,
        // each worker taking its rows through every step.
        s.inputProduct(input, inputWeight.value, bias.value, width: 4 * hidden, into: gates)
        s.rowBlocks { rows in
            for t in 0..<s.steps { self.advance(to: t, rows: rows, s) }
        }
        return s.output(states, returnSequences: returnSequences)
    }

    /// The layout of a forward pass over `input`, its buffers sized for it.
    private func begin(_ input: Tensor) -> SequenceProducts {
        shape = SequenceProducts(
            batch: input.shape[0], steps: input.count / (input.shape[0] * features), features: features, hidden: hidden)
        for buffer in [cells, cellTanh, states] { buffer.resize(shape.batch * shape.steps * hidden, zeroed: false) }
        return shape
    }

    /// Step `t` of `rows`, its input's part of the gate sums already in `gates`: adds
    /// `h_{t−1}·Wh`, then the cell.
    private func advance(to t: Int, rows: Range<Int>, _ s: SequenceProducts) {
        if t > 0 { s.addStepProduct(states, step: t, recurrentWeight.value, width: 4 * hidden, into: gates, rows: rows) }
        LSTMCell.forward(step: t, rows: rows, s, gates: gates, cells: cells, cellTanh: cellTanh, states: states)
    }

    /// The output for a sequence whose steps are written one at a time: before each step
    /// `t > 0`, `feed(t, h, &input)` writes the input's step `t` from the states after step
    /// `t − 1` (`[batch, hidden]`). A decoder feeds its own output back this way. A `backward`
    /// after it takes the written steps as given inputs.
    func forward(_ input: Tensor, feed: (_ step: Int, _ state: Tensor, _ input: inout Tensor) -> Void) -> Tensor {
        let s = begin(input)
        var x = input
        gates.resize(s.batch * s.steps * 4 * hidden, zeroed: false)
        for t in 0..<s.steps {
            if t > 0 { feed(t, s.step(t - 1, of: states, width: hidden), &x) }
            s.stepInputProduct(x, step: t, inputWeight.value, bias.value, width: 4 * hidden, into: gates)
            s.rowBlocks { rows in self.advance(to: t, rows: rows, s) }
        }
        self.input = x
        return s.output(states, returnSequences: returnSequences)
    }

    public func lastSteps() -> [RecurrentStep] {
        let (s, h) = (shape, hidden)
        return (0..<s.steps).map { t in
            RecurrentStep(
                gates: s.firstSampleGates(
                    gates, step: t, names: ["input gate i", "forget gate f", "candidate g", "output gate o"]),
                carried: [
                    .init(name: "cell c", values: s.firstSample(cells, step: t, width: h, count: h)),
                    .init(name: "state h", values: s.firstSample(states, step: t, width: h, count: h)),
                ])
        }
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let s = shape
        let width = 4 * hidden
        let dStates = FloatBuffer()
        s.stateGradient(outputGradient, returnSequences: returnSequences, into: dStates)
        // Every gate gradient of every step is written before it is read.
        dGates.resize(s.batch * s.steps * width, zeroed: false)
        let dGates = dGates
        // The gradients at h_t and c_t that flow back from step t + 1.
        let (dhLater, dcLater) = (FloatBuffer(zeros: s.batch * hidden), FloatBuffer(zeros: s.batch * hidden))
        let (gates, cells, cellTanh, recurrentWeight) = (gates, cells, cellTanh, recurrentWeight)
        s.rowBlocks { rows in
            for t in stride(from: s.steps - 1, through: 0, by: -1) {
                LSTMCell.backward(
                    step: t, rows: rows, s, gates: gates, cells: cells, cellTanh: cellTanh, stateGradients: dStates,
                    laterState: dhLater, laterCell: dcLater, into: dGates)
                if t > 0 {
                    s.stepInputGradient(
                        dGates, step: t, recurrentWeight.value, width: width, into: dhLater, accumulate: false, rows: rows)
                }
            }
        }
        s.recurrentSideGradients(dGates, width: width, states: states, weight: recurrentWeight)
        return s.inputSideGradients(
            dGates, width: width, input: input, weight: inputWeight, bias: bias, needsInputGradient: needsInputGradient)
    }

    public var description: String {
        Recurrent.description("LSTM", features: features, hidden: hidden, returnSequences: returnSequences)
    }
}
