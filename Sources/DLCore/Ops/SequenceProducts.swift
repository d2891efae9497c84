#if canImport(Glibc)
    import Glibc
#endif

/// The layout of the recurrent layers' buffers (`SimpleRNN`, `LSTM`, `GRU`) and the matrix
/// products over whole sequences, on `FloatBuffer`s and tensors.
///
/// Inputs are `[batch, T, F]`. Per-step values are kept as `[batch, T, width]` so that the rows
/// of one time step are `T·width` apart, and one strided product serves a step
/// (`ld = T·width`). Products over every step at once (`X · Wx`, the weight gradients) run as
/// one large matrix product each.
struct SequenceProducts {
    let batch: Int, steps: Int, features: Int, hidden: Int

    /// `out = X · Wx + b` for every step: `[batch·T, F] · [F, width]`.
    func inputProduct(_ x: Tensor, _ wx: Tensor, _ b: Tensor, width: Int, into out: FloatBuffer) {
        out.resize(batch * steps * width, zeroed: false)
        x.scalars.withUnsafeBufferPointer { x in
            wx.scalars.withUnsafeBufferPointer { wx in
                MatrixMultiply.gemm(
                    transposeA: false, transposeB: false, m: batch * steps, n: width, k: features,
                    a: x.baseAddress!, lda: features, b: wx.baseAddress!, ldb: width, beta: 0, c: out.pointer, ldc: width)
            }
        }
        b.scalars.withUnsafeBufferPointer {
            Elementwise.addRowVector(out.pointer, rows: batch * steps, columns: width, $0.baseAddress!)
        }
    }

    /// `out[:, t] = X[:, t] · Wx + b` for one step `t`, when a step's input is known only once the
    /// step before it has run (a decoder that feeds its output back).
    func stepInputProduct(_ x: Tensor, step t: Int, _ wx: Tensor, _ b: Tensor, width: Int, into out: FloatBuffer) {
        let row = out.pointer + t * width
        x.scalars.withUnsafeBufferPointer { x in
            wx.scalars.withUnsafeBufferPointer { wx in
                MatrixMultiply.gemm(
                    transposeA: false, transposeB: false, m: batch, n: width, k: features,
                    a: x.baseAddress! + t * features, lda: steps * features, b: wx.baseAddress!, ldb: width, beta: 0,
                    c: row, ldc: steps * width)
            }
        }
        b.scalars.withUnsafeBufferPointer { b in
            for n in 0..<batch {
                let at = row + n * steps * width
                for j in 0..<width { at[j] += b[j] }
            }
        }
    }

    /// Step `t` of `buffer` (`[batch, T, width]`) as a tensor `[batch, width]`.
    func step(_ t: Int, of buffer: FloatBuffer, width: Int) -> Tensor {
        var out = Tensor(shape: [batch, width])
        out.scalars.withUnsafeMutableBufferPointer { out in
            for n in 0..<batch {
                (out.baseAddress! + n * width).update(from: buffer.pointer + (n * steps + t) * width, count: width)
            }
        }
        return out
    }

    /// `out[:, t] += h[:, t−1] · Wh`, where `h` is `[batch, T, hidden]` and `out` `[batch, T, width]`.
    func addStepProduct(_ h: FloatBuffer, step: Int, _ wh: Tensor, width: Int, into out: FloatBuffer) {
        stepProduct(h, step: step, wh, width: width, into: out.pointer + step * width, outStride: steps * width)
    }

    /// `out += h[:, t−1] · Wh`, where `out` holds one step, `[batch, width]`.
    func addStepProduct(_ h: FloatBuffer, step: Int, _ wh: Tensor, width: Int, intoStep out: FloatBuffer) {
        stepProduct(h, step: step, wh, width: width, into: out.pointer, outStride: width)
    }

    private func stepProduct(
        _ h: FloatBuffer, step: Int, _ wh: Tensor, width: Int, into out: UnsafeMutablePointer<Float>, outStride: Int
    ) {
        wh.scalars.withUnsafeBufferPointer { wh in
            MatrixMultiply.gemm(
                transposeA: false, transposeB: false, m: batch, n: width, k: hidden,
                a: h.pointer + (step - 1) * hidden, lda: steps * hidden, b: wh.baseAddress!, ldb: width,
                beta: 1, c: out, ldc: outStride)
        }
    }

    /// `dh (+)= g[:, t] · Whᵀ`: the gradient reaching the previous hidden state through the weights.
    func stepInputGradient(_ g: FloatBuffer, step: Int, _ wh: Tensor, width: Int, into dh: FloatBuffer, accumulate: Bool) {
        wh.scalars.withUnsafeBufferPointer { wh in
            MatrixMultiply.gemm(
                transposeA: false, transposeB: true, m: batch, n: hidden, k: width,
                a: g.pointer + step * width, lda: steps * width, b: wh.baseAddress!, ldb: width,
                beta: accumulate ? 1 : 0, c: dh.pointer, ldc: hidden)
        }
    }

    /// `∂W = Aᵀ · G` over all steps, `A` being `[batch·T, rows]` and `G` `[batch·T, width]`.
    private func weightGradient(_ a: UnsafePointer<Float>, rows: Int, _ g: FloatBuffer, width: Int, into dw: Parameter) {
        dw.gradient.scalars.withUnsafeMutableBufferPointer { dw in
            MatrixMultiply.gemm(
                transposeA: true, transposeB: false, m: rows, n: width, k: batch * steps,
                a: a, lda: rows, b: g.pointer, ldb: width, beta: 0, c: dw.baseAddress!, ldc: width)
        }
    }

    /// `∂b = Σ_rows g`.
    private func biasGradient(_ g: FloatBuffer, width: Int, into bias: Parameter) {
        bias.gradient.scalars.withUnsafeMutableBufferPointer {
            Elementwise.sumColumns(g.pointer, rows: batch * steps, columns: width, into: $0.baseAddress!)
        }
    }

    /// From `g`, the gradient at `X · Wx + b` for every step (`[batch, T, width]`): sets
    /// `∂Wx = Xᵀ · g` and `∂b = Σ_rows g`, and returns `∂X = g · Wxᵀ` when it is needed.
    func inputSideGradients(
        _ g: FloatBuffer, width: Int, input: Tensor, weight: Parameter, bias: Parameter, needsInputGradient: Bool
    ) -> Tensor? {
        input.scalars.withUnsafeBufferPointer { weightGradient($0.baseAddress!, rows: features, g, width: width, into: weight) }
        biasGradient(g, width: width, into: bias)
        guard needsInputGradient else { return nil }
        var dx = Tensor(shape: input.shape)
        weight.value.scalars.withUnsafeBufferPointer { wx in
            dx.scalars.withUnsafeMutableBufferPointer { dx in
                MatrixMultiply.gemm(
                    transposeA: false, transposeB: true, m: batch * steps, n: features, k: width,
                    a: g.pointer, lda: width, b: wx.baseAddress!, ldb: width, beta: 0, c: dx.baseAddress!, ldc: features)
            }
        }
        return dx
    }

    /// From `g`, the gradient at `h_{t−1} · Wh (+ bh)` for every step: sets `∂Wh = H_prevᵀ · g`,
    /// where `H_prev` is `states` one step later (zeros at `t = 0`), and `∂bh = Σ_rows g` when
    /// there is such a bias.
    func recurrentSideGradients(
        _ g: FloatBuffer, width: Int, states: FloatBuffer, weight: Parameter, bias: Parameter? = nil
    ) {
        var previous = [Float](repeating: 0, count: batch * steps * hidden)
        previous.withUnsafeMutableBufferPointer { p in
            for n in 0..<batch where steps > 1 {
                (p.baseAddress! + (n * steps + 1) * hidden).update(
                    from: states.pointer + n * steps * hidden, count: (steps - 1) * hidden)
            }
            weightGradient(p.baseAddress!, rows: hidden, g, width: width, into: weight)
        }
        if let bias { biasGradient(g, width: width, into: bias) }
    }

    /// Runs a step's math for each row of the batch, the rows split over the pool. Rows are
    /// independent, so the bits do not depend on the number of threads.
    func eachRow(_ body: @escaping (_ row: Int) -> Void) {
        // A row of 128 LSTM units is about 2 µs of work: 8 rows pay for a hand-off.
        ThreadPool.shared.parallelFor(batch, grain: 8) { rows in
            for n in rows { body(n) }
        }
    }

    /// `out = b` in each row of one step, `[batch, width]`.
    func fillStep(_ out: FloatBuffer, with b: Tensor) {
        out.resize(batch * b.count, zeroed: false)
        b.scalars.withUnsafeBufferPointer { b in
            for n in 0..<batch { (out.pointer + n * b.count).update(from: b.baseAddress!, count: b.count) }
        }
    }

    /// The layer's output: every step's hidden state, or only the last.
    func output(_ h: FloatBuffer, returnSequences: Bool) -> Tensor {
        if returnSequences { return Tensor(shape: [batch, steps, hidden], scalars: h.array) }
        var last = [Float](repeating: 0, count: batch * hidden)
        for n in 0..<batch {
            for j in 0..<hidden { last[n * hidden + j] = h.pointer[(n * steps + steps - 1) * hidden + j] }
        }
        return Tensor(shape: [batch, hidden], scalars: last)
    }

    /// The gradient with respect to every step's hidden state, from the output's gradient.
    func stateGradient(_ outputGradient: Tensor, returnSequences: Bool, into g: FloatBuffer) {
        g.resize(batch * steps * hidden, zeroed: !returnSequences)
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            if returnSequences {
                g.pointer.update(from: dy.baseAddress!, count: batch * steps * hidden)
                return
            }
            for n in 0..<batch {
                (g.pointer + (n * steps + steps - 1) * hidden).update(from: dy.baseAddress! + n * hidden, count: hidden)
            }
        }
    }
}
