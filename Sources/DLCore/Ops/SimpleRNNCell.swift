/// A simple recurrent layer's per-step math for the sequences `rows` of a batch at one step `t`,
/// on `[batch, T, H]` buffers, on the calling thread (one of `SequenceProducts.rowBlocks`' workers).
enum SimpleRNNCell {
    /// `h_t = tanh(a_t)` in place, `a_t` being `x_t·Wx + h_{t−1}·Wh + b`.
    static func forward(step t: Int, rows: Range<Int>, _ s: SequenceProducts, states: FloatBuffer) {
        for n in rows { VectorMath.tanh(states.pointer + (n * s.steps + t) * s.hidden, count: s.hidden) }
    }

    /// In place of the gradient at `h_t` (`gradients`, to which the later step's `laterState` is
    /// added): the gradient at `a_t`, `(∂h_t) ⊙ (1 − h_t²)`.
    static func backward(
        step t: Int, rows: Range<Int>, _ s: SequenceProducts, states: FloatBuffer, gradients: FloatBuffer,
        laterState: FloatBuffer
    ) {
        let h = s.hidden
        for n in rows {
            let at = (n * s.steps + t) * h
            let (y, g, later) = (states.pointer + at, gradients.pointer + at, laterState.pointer + n * h)
            for j in 0..<h { g[j] = (g[j] + later[j]) * (1 - y[j] * y[j]) }
        }
    }
}
