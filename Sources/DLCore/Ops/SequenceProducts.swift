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

    /// `out[rows, t] += h[rows, t−1] · Wh`, where `h` is `[batch, T, hidden]` and `out`
    /// `[batch, T, width]`, on the calling thread (one of `rowBlocks`' workers).
    func addStepProduct(_ h: FloatBuffer, step: Int, _ wh: Tensor, width: Int, into out: FloatBuffer, rows: Range<Int>) {
        stepProduct(
            h, step: step, wh, width: width, into: out.pointer + (rows.lowerBound * steps + step) * width,
            outStride: steps * width, rows: rows)
    }

    /// `out[rows] += h[rows, t−1] · Wh`, where `out` holds one step, `[batch, width]`.
    func addStepProduct(_ h: FloatBuffer, step: Int, _ wh: Tensor, width: Int, intoStep out: FloatBuffer, rows: Range<Int>) {
        stepProduct(h, step: step, wh, width: width, into: out.pointer + rows.lowerBound * width, outStride: width, rows: rows)
    }

    private func stepProduct(
        _ h: FloatBuffer, step: Int, _ wh: Tensor, width: Int, into out: UnsafeMutablePointer<Float>, outStride: Int,
        rows: Range<Int>
    ) {
        wh.scalars.withUnsafeBufferPointer { wh in
            MatrixMultiply.gemm(
                transposeA: false, transposeB: false, m: rows.count, n: width, k: hidden,
                a: h.pointer + (rows.lowerBound * steps + step - 1) * hidden, lda: steps * hidden, b: wh.baseAddress!,
                ldb: width, beta: 1, c: out, ldc: outStride, serial: true)
        }
    }

    /// `dh[rows] (+)= g[rows, t] · Whᵀ`: the gradient reaching the previous hidden state through the
    /// weights, on the calling thread.
    func stepInputGradient(
        _ g: FloatBuffer, step: Int, _ wh: Tensor, width: Int, into dh: FloatBuffer, accumulate: Bool, rows: Range<Int>
    ) {
        wh.scalars.withUnsafeBufferPointer { wh in
            MatrixMultiply.gemm(
                transposeA: false, transposeB: true, m: rows.count, n: hidden, k: width,
                a: g.pointer + (rows.lowerBound * steps + step) * width, lda: steps * width, b: wh.baseAddress!,
                ldb: width, beta: accumulate ? 1 : 0, c: dh.pointer + rows.lowerBound * hidden, ldc: hidden, serial: true)
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
        let previous = UnsafeMutablePointer<Float>.allocate(capacity: batch * steps * hidden)
        defer { previous.deallocate() }
        for n in 0..<batch {
            let row = previous + n * steps * hidden
            row.initialize(repeating: 0, count: hidden)
            (row + hidden).initialize(from: states.pointer + n * steps * hidden, count: (steps - 1) * hidden)
        }
        weightGradient(previous, rows: hidden, g, width: width, into: weight)
        if let bias { biasGradient(g, width: width, into: bias) }
    }

    /// Runs `body` on blocks of the batch's rows, a block per pool thread. A sequence's steps
    /// depend only on its own earlier steps, so a worker can take its rows through every step,
    /// each step's small product `h_{t−1} · Wh` included, without waiting for the others, and
    /// its rows' states stay in its core's cache. The bits do not depend on the number of
    /// threads: each row's sums are added in the same order whatever block it is in.
    func rowBlocks(_ body: @escaping (_ rows: Range<Int>) -> Void) {
        // A row of 128 LSTM units is about 2 µs of work a step: 8 rows pay for a hand-off.
        ThreadPool.shared.parallelFor(batch, grain: 8, body)
    }

    /// `out[rows] = b`, one step's rows, `[batch, width]`; `out` must hold the whole batch.
    func fillStep(_ out: FloatBuffer, with b: Tensor, rows: Range<Int>) {
        b.scalars.withUnsafeBufferPointer { b in
            for n in rows { (out.pointer + n * b.count).update(from: b.baseAddress!, count: b.count) }
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
