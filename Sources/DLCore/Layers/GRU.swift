#if canImport(Glibc)
    import Glibc
#endif

/// Gated recurrent unit (PyTorch's formulation): lighter than an LSTM, with a reset and an update
/// gate and no separate cell state.
///
/// With `a = x_t·Wx + bx` and `b = h_{t−1}·Wh + bh`, each split into blocks r, z, n:
/// `r = σ(a_r + b_r)`, `z = σ(a_z + b_z)`, `n = tanh(a_n + r ⊙ b_n)`,
/// `h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}`. Input `[batch, T, F]`; output `[batch, H]` or, with
/// `returnSequences`, `[batch, T, H]`.
public final class GRU: Layer {
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
    private var input = Tensor(shape: [0])
    private var gates: [Float] = []  // r, z, n after their activations, [batch, T, 3H]
    private var recurrentN: [Float] = []  // b_n, [batch, T, H]
    private var states: [Float] = []

    public init(features: Int, hidden: Int, returnSequences: Bool = false, generator: inout RandomGenerator) {
        self.features = features
        self.hidden = hidden
        self.returnSequences = returnSequences
        (inputWeight, recurrentWeight) = recurrentWeights(features: features, hidden: hidden, gates: 3, generator: &generator)
        inputBias = Parameter(name: "input_bias", value: Tensor(shape: [3 * hidden]))
        recurrentBias = Parameter(name: "recurrent_bias", value: Tensor(shape: [3 * hidden]))
    }

    public var parameters: [Parameter] { [inputWeight, recurrentWeight, inputBias, recurrentBias] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        try SequenceProducts.check(inputShape, features: features, layer: description)
        return returnSequences ? [inputShape[0], hidden] : [hidden]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let (batch, steps, h) = (input.shape[0], input.count / (input.shape[0] * features), hidden)
        let width = 3 * h
        shape = SequenceProducts(batch: batch, steps: steps, features: features, hidden: h)
        self.input = input
        let s = shape
        gates = [Float](repeating: 0, count: batch * steps * width)
        recurrentN = [Float](repeating: 0, count: batch * steps * h)
        states = recurrentN
        var recurrent = [Float](repeating: 0, count: batch * width)
        input.scalars.withUnsafeBufferPointer { x in
            inputWeight.value.scalars.withUnsafeBufferPointer { wx in
                recurrentWeight.value.scalars.withUnsafeBufferPointer { wh in
                    inputBias.value.scalars.withUnsafeBufferPointer { bx in
                        recurrentBias.value.scalars.withUnsafeBufferPointer { bh in
                            gates.withUnsafeMutableBufferPointer { a in
                                states.withUnsafeMutableBufferPointer { hs in
                                    recurrent.withUnsafeMutableBufferPointer { rb in
                                        let (a, hs, rb, bh) = (a.baseAddress!, hs.baseAddress!, rb.baseAddress!, bh.baseAddress!)
                                        s.inputProduct(x.baseAddress!, wx.baseAddress!, bx.baseAddress!, width: width, into: a)
                                        for t in 0..<steps {
                                            for n in 0..<batch { (rb + n * width).update(from: bh, count: width) }
                                            if t > 0 {
                                                s.stepProduct(
                                                    hs, step: t, wh.baseAddress!, width: width, into: rb, outStride: width,
                                                    accumulate: true)
                                            }
                                            for n in 0..<batch {
                                                let row = a + (n * steps + t) * width
                                                let recurrentRow = rb + n * width
                                                let at = (n * steps + t) * h
                                                // r and z, then the candidate, each as one vector pass.
                                                for j in 0..<(2 * h) { row[j] += recurrentRow[j] }
                                                VectorMath.sigmoid(row, count: 2 * h)
                                                for j in 0..<h {
                                                    recurrentN[at + j] = recurrentRow[2 * h + j]
                                                    row[2 * h + j] += row[j] * recurrentRow[2 * h + j]
                                                }
                                                VectorMath.tanh(row + 2 * h, count: h)
                                                for j in 0..<h {
                                                    let (z, candidate) = (row[h + j], row[2 * h + j])
                                                    let previous = t > 0 ? hs[at - h + j] : 0
                                                    hs[at + j] = (1 - z) * candidate + z * previous
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return s.output(states, returnSequences: returnSequences)
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let s = shape
        let (batch, steps, h) = (s.batch, s.steps, hidden)
        let width = 3 * h
        let dStates = s.stateGradient(outputGradient, returnSequences: returnSequences)
        var dInput = [Float](repeating: 0, count: batch * steps * width)  // ∂ wrt a = x·Wx + bx
        var dRecurrent = [Float](repeating: 0, count: batch * steps * width)  // ∂ wrt b = h·Wh + bh
        var dhNext = [Float](repeating: 0, count: batch * h)
        recurrentWeight.value.scalars.withUnsafeBufferPointer { wh in
            dRecurrent.withUnsafeMutableBufferPointer { db in
                let db = db.baseAddress!
                for t in stride(from: steps - 1, through: 0, by: -1) {
                    for n in 0..<batch {
                        let at = (n * steps + t) * h
                        let row = (n * steps + t) * width
                        for j in 0..<h {
                            let (r, z, candidate) = (gates[row + j], gates[row + h + j], gates[row + 2 * h + j])
                            let previous = t > 0 ? states[at - h + j] : 0
                            let dh = dStates[at + j] + dhNext[n * h + j]
                            let dCandidate = dh * (1 - z) * (1 - candidate * candidate)
                            let dz = dh * (previous - candidate) * z * (1 - z)
                            let dr = dCandidate * recurrentN[at + j] * r * (1 - r)
                            (dInput[row + j], dInput[row + h + j], dInput[row + 2 * h + j]) = (dr, dz, dCandidate)
                            (db[row + j], db[row + h + j], db[row + 2 * h + j]) = (dr, dz, dCandidate * r)
                            dhNext[n * h + j] = dh * z
                        }
                    }
                    if t > 0 {
                        dhNext.withUnsafeMutableBufferPointer { dh in
                            s.stepInputGradient(
                                db, step: t, wh.baseAddress!, width: width, into: dh.baseAddress!, accumulate: true)
                        }
                    }
                }
            }
        }
        s.recurrentSideGradients(dRecurrent, width: width, states: states, weight: recurrentWeight, bias: recurrentBias)
        return s.inputSideGradients(
            dInput, width: width, input: input, weight: inputWeight, bias: inputBias, needsInputGradient: needsInputGradient)
    }

    public var description: String {
        recurrentDescription("GRU", features: features, hidden: hidden, returnSequences: returnSequences)
    }
}
