/// An LSTM's per-step math for every sequence of a batch at one step `t`, on buffers laid out
/// `[batch, T, ·]` (see `SequenceProducts`): gates `4H` wide in the order i, f, g, o; cells,
/// their tanh and the hidden states `H` wide.
enum LSTMCell {
    /// From the gate sums at step `t`, in place: `i, f, o = σ(·)`, `g = tanh(·)`; then
    /// `c_t = f ⊙ c_{t−1} + i ⊙ g` (`i ⊙ g` at `t = 0`) and `h_t = o ⊙ tanh(c_t)`.
    static func forward(
        step t: Int, _ s: SequenceProducts, gates: FloatBuffer, cells: FloatBuffer, cellTanh: FloatBuffer,
        states: FloatBuffer
    ) {
        let (h, width) = (s.hidden, 4 * s.hidden)
        for n in 0..<s.batch {
            let row = gates.pointer + (n * s.steps + t) * width
            let at = (n * s.steps + t) * h
            VectorMath.sigmoid(row, count: 2 * h)
            VectorMath.tanh(row + 2 * h, count: h)
            VectorMath.sigmoid(row + 3 * h, count: h)
            let (i, f, g, o) = (row, row + h, row + 2 * h, row + 3 * h)
            let (cell, squashed, state) = (cells.pointer + at, cellTanh.pointer + at, states.pointer + at)
            if t > 0 {
                let previous = cell - h
                for j in 0..<h { cell[j] = f[j] * previous[j] + i[j] * g[j] }
            } else {
                for j in 0..<h { cell[j] = i[j] * g[j] }
            }
            squashed.update(from: cell, count: h)
            VectorMath.tanh(squashed, count: h)
            for j in 0..<h { state[j] = o[j] * squashed[j] }
        }
    }

    /// The gradients at the gate sums of step `t`, from the gradient at `h_t` (the output's,
    /// `stateGradients`, plus the later step's, `laterState`) and at `c_t` (`laterCell`, which
    /// becomes the gradient at `c_{t−1}`).
    static func backward(
        step t: Int, _ s: SequenceProducts, gates: FloatBuffer, cells: FloatBuffer, cellTanh: FloatBuffer,
        stateGradients: FloatBuffer, laterState: FloatBuffer, laterCell: FloatBuffer, into gateGradients: FloatBuffer
    ) {
        let (h, width) = (s.hidden, 4 * s.hidden)
        for n in 0..<s.batch {
            let at = (n * s.steps + t) * h
            let (row, dRow) = (gates.pointer + (n * s.steps + t) * width, gateGradients.pointer + (n * s.steps + t) * width)
            let (dhLater, dcLater) = (laterState.pointer + n * h, laterCell.pointer + n * h)
            let (dhOut, squashed) = (stateGradients.pointer + at, cellTanh.pointer + at)
            let previous = t > 0 ? cells.pointer + at - h : nil
            for j in 0..<h {
                let (i, f, g, o) = (row[j], row[h + j], row[2 * h + j], row[3 * h + j])
                let dh = dhOut[j] + dhLater[j]
                let tc = squashed[j]
                let dc = dh * o * (1 - tc * tc) + dcLater[j]
                dRow[j] = dc * g * i * (1 - i)
                dRow[h + j] = dc * (previous?[j] ?? 0) * f * (1 - f)
                dRow[2 * h + j] = dc * i * (1 - g * g)
                dRow[3 * h + j] = dh * tc * o * (1 - o)
                dcLater[j] = dc * f
            }
        }
    }
}
