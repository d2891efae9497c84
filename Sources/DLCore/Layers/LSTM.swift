#if canImport(Glibc)
    import Glibc
#endif

/// Long short-term memory: a recurrent layer whose cell state carries information across many
/// steps, guarded by learned gates.
///
/// For each step, with `[·, ·]` the four gate blocks of `x_t·Wx + h_{t−1}·Wh + b` (order i, f, g,
/// o as in PyTorch): `i = σ(·)`, `f = σ(·)`, `g = tanh(·)`, `o = σ(·)`; `c_t = f ⊙ c_{t−1} + i ⊙ g`;
/// `h_t = o ⊙ tanh(c_t)`. Input `[batch, T, F]`; output `[batch, H]` (the last `h`) or, with
/// `returnSequences`, `[batch, T, H]`. Backward runs through time (BPTT) in reverse.
public final class LSTM: Layer {
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
    private var input = Tensor(shape: [0])
    private var gates: [Float] = []
    private var cells: [Float] = []
    private var cellTanh: [Float] = []
    private var states: [Float] = []

    public init(features: Int, hidden: Int, returnSequences: Bool = false, generator: inout RandomGenerator) {
        self.features = features
        self.hidden = hidden
        self.returnSequences = returnSequences
        (inputWeight, recurrentWeight) = recurrentWeights(features: features, hidden: hidden, gates: 4, generator: &generator)
        var b = [Float](repeating: 0, count: 4 * hidden)
        for j in hidden..<(2 * hidden) { b[j] = 1 }
        bias = Parameter(name: "bias", value: Tensor(shape: [4 * hidden], scalars: b))
    }

    public var parameters: [Parameter] { [inputWeight, recurrentWeight, bias] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        try SequenceProducts.check(inputShape, features: features, layer: description)
        return returnSequences ? [inputShape[0], hidden] : [hidden]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let (batch, steps, h) = (input.shape[0], input.count / (input.shape[0] * features), hidden)
        let width = 4 * h
        shape = SequenceProducts(batch: batch, steps: steps, features: features, hidden: h)
        self.input = input
        let s = shape
        gates = [Float](repeating: 0, count: batch * steps * width)
        cells = [Float](repeating: 0, count: batch * steps * h)
        cellTanh = cells
        states = cells
        input.scalars.withUnsafeBufferPointer { x in
            inputWeight.value.scalars.withUnsafeBufferPointer { wx in
                recurrentWeight.value.scalars.withUnsafeBufferPointer { wh in
                    bias.value.scalars.withUnsafeBufferPointer { b in
                        gates.withUnsafeMutableBufferPointer { gatesBuffer in
                            cells.withUnsafeMutableBufferPointer { c in
                                cellTanh.withUnsafeMutableBufferPointer { tc in
                                    states.withUnsafeMutableBufferPointer { hs in
                                        let (z, c, tc, hs) = (
                                            gatesBuffer.baseAddress!, c.baseAddress!, tc.baseAddress!, hs.baseAddress!
                                        )
                                        s.inputProduct(x.baseAddress!, wx.baseAddress!, b.baseAddress!, width: width, into: z)
                                        for t in 0..<steps {
                                            if t > 0 {
                                                s.stepProduct(
                                                    hs, step: t, wh.baseAddress!, width: width, into: z + t * width,
                                                    outStride: steps * width, accumulate: true)
                                            }
                                            for n in 0..<batch {
                                                let row = z + (n * steps + t) * width
                                                let at = (n * steps + t) * h
                                                VectorMath.sigmoid(row, count: 2 * h)
                                                VectorMath.tanh(row + 2 * h, count: h)
                                                VectorMath.sigmoid(row + 3 * h, count: h)
                                                let (i, f, g, o) = (row, row + h, row + 2 * h, row + 3 * h)
                                                let (cell, cellTanh, state) = (c + at, tc + at, hs + at)
                                                if t > 0 {
                                                    let previous = c + at - h
                                                    for j in 0..<h { cell[j] = f[j] * previous[j] + i[j] * g[j] }
                                                } else {
                                                    for j in 0..<h { cell[j] = i[j] * g[j] }
                                                }
                                                cellTanh.update(from: cell, count: h)
                                                VectorMath.tanh(cellTanh, count: h)
                                                for j in 0..<h { state[j] = o[j] * cellTanh[j] }
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
        let width = 4 * h
        let dStates = s.stateGradient(outputGradient, returnSequences: returnSequences)
        var dGates = [Float](repeating: 0, count: batch * steps * width)
        var dhNext = [Float](repeating: 0, count: batch * h)
        var dcNext = [Float](repeating: 0, count: batch * h)
        recurrentWeight.value.scalars.withUnsafeBufferPointer { wh in
            dGates.withUnsafeMutableBufferPointer { dz in
                gates.withUnsafeBufferPointer { z in
                    cells.withUnsafeBufferPointer { c in
                        cellTanh.withUnsafeBufferPointer { tc in
                            dStates.withUnsafeBufferPointer { dhs in
                                dhNext.withUnsafeMutableBufferPointer { dhNext in
                                    dcNext.withUnsafeMutableBufferPointer { dcNext in
                                        let (dz, z, c, tc, dhs) = (
                                            dz.baseAddress!, z.baseAddress!, c.baseAddress!, tc.baseAddress!, dhs.baseAddress!
                                        )
                                        let (dhNext, dcNext) = (dhNext.baseAddress!, dcNext.baseAddress!)
                                        for t in stride(from: steps - 1, through: 0, by: -1) {
                                            for n in 0..<batch {
                                                let at = (n * steps + t) * h
                                                let (row, dRow) = (z + (n * steps + t) * width, dz + (n * steps + t) * width)
                                                let (dhFuture, dcFuture) = (dhNext + n * h, dcNext + n * h)
                                                let (dh0, cellTanh) = (dhs + at, tc + at)
                                                let previous = t > 0 ? c + at - h : nil
                                                for j in 0..<h {
                                                    let (i, f, g, o) = (row[j], row[h + j], row[2 * h + j], row[3 * h + j])
                                                    let dh = dh0[j] + dhFuture[j]
                                                    let tcj = cellTanh[j]
                                                    let dc = dh * o * (1 - tcj * tcj) + dcFuture[j]
                                                    dRow[j] = dc * g * i * (1 - i)
                                                    dRow[h + j] = dc * (previous?[j] ?? 0) * f * (1 - f)
                                                    dRow[2 * h + j] = dc * i * (1 - g * g)
                                                    dRow[3 * h + j] = dh * tcj * o * (1 - o)
                                                    dcFuture[j] = dc * f
                                                }
                                            }
                                            if t > 0 {
                                                s.stepInputGradient(
                                                    dz, step: t, wh.baseAddress!, width: width, into: dhNext, accumulate: false)
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
        s.recurrentSideGradients(dGates, width: width, states: states, weight: recurrentWeight)
        return s.inputSideGradients(
            dGates, width: width, input: input, weight: inputWeight, bias: bias, needsInputGradient: needsInputGradient)
    }

    public var description: String {
        recurrentDescription("LSTM", features: features, hidden: hidden, returnSequences: returnSequences)
    }
}
