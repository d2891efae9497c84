#if canImport(Glibc)
    import Glibc
#endif

/// What the recurrent layers (`SimpleRNN`, `LSTM`, `GRU`) share: the layout of their buffers and
/// the matrix products over whole sequences.
///
/// Inputs are `[batch, T, F]`. Per-step values are kept as `[batch, T, width]` so that the rows
/// of one time step are `T·width` apart, and one strided product serves a step
/// (`ld = T·width`). Products over every step at once (`X · Wx`, the weight gradients) run as
/// one large matrix product each.
struct SequenceProducts {
    let batch: Int, steps: Int, features: Int, hidden: Int

    /// The input shape check shared by the recurrent layers.
    static func check(_ inputShape: [Int], features: Int, layer: String) throws(ShapeError) {
        guard inputShape.count == 2, inputShape[1] == features, inputShape[0] >= 1 else {
            throw ShapeError(layer: layer, inputShape: inputShape, expected: "a sequence steps x \(features)")
        }
    }

    /// `out = X · W + b` for every step: `[batch·T, F] · [F, width]`.
    func inputProduct(
        _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        width: Int, into out: UnsafeMutablePointer<Float>
    ) {
        MatrixMultiply.gemm(
            transposeA: false, transposeB: false, m: batch * steps, n: width, k: features,
            a: x, lda: features, b: w, ldb: width, beta: 0, c: out, ldc: width)
        Elementwise.addRowVector(out, rows: batch * steps, columns: width, b)
    }

    /// `out[:, t] (+)= h[:, t−1] · Wh` for one step, where `h` is `[batch, T, hidden]` and `out` is
    /// `[batch, T, width]` (or `[batch, width]` when `outStride` is `width`).
    func stepProduct(
        _ h: UnsafePointer<Float>, step: Int, _ wh: UnsafePointer<Float>, width: Int,
        into out: UnsafeMutablePointer<Float>, outStride: Int, accumulate: Bool
    ) {
        MatrixMultiply.gemm(
            transposeA: false, transposeB: false, m: batch, n: width, k: hidden,
            a: h + (step - 1) * hidden, lda: steps * hidden, b: wh, ldb: width,
            beta: accumulate ? 1 : 0, c: out, ldc: outStride)
    }

    /// `dh = g[:, t] · Whᵀ`: the gradient reaching the previous hidden state through the weights.
    func stepInputGradient(
        _ g: UnsafePointer<Float>, step: Int, _ wh: UnsafePointer<Float>, width: Int,
        into dh: UnsafeMutablePointer<Float>, accumulate: Bool
    ) {
        MatrixMultiply.gemm(
            transposeA: false, transposeB: true, m: batch, n: hidden, k: width,
            a: g + step * width, lda: steps * width, b: wh, ldb: width,
            beta: accumulate ? 1 : 0, c: dh, ldc: hidden)
    }

    /// `H_prev`: row `(n, t)` holds `h[n, t−1]`, zeros at `t = 0`.
    private func previousStates(_ h: UnsafePointer<Float>) -> [Float] {
        var previous = [Float](repeating: 0, count: batch * steps * hidden)
        previous.withUnsafeMutableBufferPointer { p in
            for n in 0..<batch where steps > 1 {
                (p.baseAddress! + (n * steps + 1) * hidden).update(from: h + n * steps * hidden, count: (steps - 1) * hidden)
            }
        }
        return previous
    }

    /// `∂W = Aᵀ · G` over all steps, `A` being `[batch·T, rows]` and `G` `[batch·T, width]`.
    private func weightGradient(
        _ a: UnsafePointer<Float>, rows: Int, _ g: UnsafePointer<Float>, width: Int,
        into dw: UnsafeMutablePointer<Float>
    ) {
        MatrixMultiply.gemm(
            transposeA: true, transposeB: false, m: rows, n: width, k: batch * steps,
            a: a, lda: rows, b: g, ldb: width, beta: 0, c: dw, ldc: width)
    }

    /// `∂X = G · Wxᵀ` over all steps.
    private func inputGradient(
        _ g: UnsafePointer<Float>, _ wx: UnsafePointer<Float>, width: Int,
        into dx: UnsafeMutablePointer<Float>
    ) {
        MatrixMultiply.gemm(
            transposeA: false, transposeB: true, m: batch * steps, n: features, k: width,
            a: g, lda: width, b: wx, ldb: width, beta: 0, c: dx, ldc: features)
    }

    /// From `g`, the gradient at `X · Wx + b` for every step (`[batch, T, width]`): sets
    /// `∂Wx = Xᵀ · g` and `∂b = Σ_rows g`, and returns `∂X = g · Wxᵀ` when it is needed.
    func inputSideGradients(
        _ g: [Float], width: Int, input: Tensor, weight: Parameter, bias: Parameter, needsInputGradient: Bool
    ) -> Tensor? {
        var dx = needsInputGradient ? Tensor(shape: input.shape) : nil
        g.withUnsafeBufferPointer { g in
            let g = g.baseAddress!
            input.scalars.withUnsafeBufferPointer { x in
                weight.gradient.scalars.withUnsafeMutableBufferPointer {
                    weightGradient(x.baseAddress!, rows: features, g, width: width, into: $0.baseAddress!)
                }
            }
            bias.gradient.scalars.withUnsafeMutableBufferPointer {
                Elementwise.sumColumns(g, rows: batch * steps, columns: width, into: $0.baseAddress!)
            }
            if dx != nil {
                weight.value.scalars.withUnsafeBufferPointer { wx in
                    dx!.scalars.withUnsafeMutableBufferPointer {
                        inputGradient(g, wx.baseAddress!, width: width, into: $0.baseAddress!)
                    }
                }
            }
        }
        return dx
    }

    /// From `g`, the gradient at `h_{t−1} · Wh (+ bh)` for every step: sets `∂Wh = H_prevᵀ · g`, where
    /// `H_prev` is `states` shifted one step later, and `∂bh = Σ_rows g` when there is such a bias.
    func recurrentSideGradients(_ g: [Float], width: Int, states: [Float], weight: Parameter, bias: Parameter? = nil) {
        let previous = states.withUnsafeBufferPointer { previousStates($0.baseAddress!) }
        g.withUnsafeBufferPointer { g in
            let g = g.baseAddress!
            previous.withUnsafeBufferPointer { hp in
                weight.gradient.scalars.withUnsafeMutableBufferPointer {
                    weightGradient(hp.baseAddress!, rows: hidden, g, width: width, into: $0.baseAddress!)
                }
            }
            bias?.gradient.scalars.withUnsafeMutableBufferPointer {
                Elementwise.sumColumns(g, rows: batch * steps, columns: width, into: $0.baseAddress!)
            }
        }
    }

    /// The layer's output: every step's hidden state, or only the last.
    func output(_ h: [Float], returnSequences: Bool) -> Tensor {
        if returnSequences { return Tensor(shape: [batch, steps, hidden], scalars: h) }
        var last = [Float](repeating: 0, count: batch * hidden)
        for n in 0..<batch {
            for j in 0..<hidden { last[n * hidden + j] = h[(n * steps + steps - 1) * hidden + j] }
        }
        return Tensor(shape: [batch, hidden], scalars: last)
    }

    /// The gradient with respect to every step's hidden state from the output gradient.
    func stateGradient(_ outputGradient: Tensor, returnSequences: Bool) -> [Float] {
        if returnSequences { return outputGradient.scalars }
        var g = [Float](repeating: 0, count: batch * steps * hidden)
        for n in 0..<batch {
            for j in 0..<hidden { g[(n * steps + steps - 1) * hidden + j] = outputGradient.scalars[n * hidden + j] }
        }
        return g
    }
}

/// The description shared by the recurrent layers.
func recurrentDescription(_ name: String, features: Int, hidden: Int, returnSequences: Bool) -> String {
    "\(name)(\(features) => \(hidden)\(returnSequences ? ", sequences" : ""))"
}

/// Recurrent weights for `features` inputs, `hidden` units and `gates` blocks: input weights
/// Xavier-uniform, recurrent weights with orthonormal rows (as Keras initialises them).
func recurrentWeights(features: Int, hidden: Int, gates: Int, generator: inout RandomGenerator)
    -> (wx: Parameter, wh: Parameter)
{
    let width = gates * hidden
    let wx = Initializer.xavier.weights(
        count: features * width, fanIn: features, fanOut: width, activation: .tanh, generator: &generator)
    let wh = Initializer.orthogonalRows(rows: hidden, columns: width, generator: &generator)
    return (
        Parameter(name: "input_weight", value: Tensor(shape: [features, width], scalars: wx)),
        Parameter(name: "recurrent_weight", value: Tensor(shape: [hidden, width], scalars: wh))
    )
}
