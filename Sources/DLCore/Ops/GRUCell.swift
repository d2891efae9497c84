/// A GRU's per-step math for every sequence of a batch at one step `t`. `inputSums` holds
/// `a = x·Wx + bx` for every step, `[batch, T, 3H]` in the order r, z, n; `recurrentSums` holds
/// `b = h_{t−1}·Wh + bh` for this step only, `[batch, 3H]`. Each call runs `rows` on the calling
/// thread, one of `SequenceProducts.rowBlocks`' workers.
enum GRUCell {
    /// In place of `a_t`: `r = σ(a_r + b_r)`, `z = σ(a_z + b_z)`, `n = tanh(a_n + r ⊙ b_n)`; keeps
    /// `b_n` for backward and sets `h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}` (with `h_{−1} = 0`).
    static func forward(
        step t: Int, rows: Range<Int>, _ s: SequenceProducts, inputSums: FloatBuffer, recurrentSums: FloatBuffer,
        recurrentCandidates: FloatBuffer, states: FloatBuffer
    ) {
        let (h, width) = (s.hidden, 3 * s.hidden)
        for n in rows {
            let row = inputSums.pointer + (n * s.steps + t) * width
            let recurrent = recurrentSums.pointer + n * width
            let at = (n * s.steps + t) * h
            let (candidates, state) = (recurrentCandidates.pointer + at, states.pointer + at)
            // r and z, then the candidate, each as one vector pass.
            for j in 0..<(2 * h) { row[j] += recurrent[j] }
            VectorMath.sigmoid(row, count: 2 * h)
            for j in 0..<h {
                candidates[j] = recurrent[2 * h + j]
                row[2 * h + j] += row[j] * recurrent[2 * h + j]
            }
            VectorMath.tanh(row + 2 * h, count: h)
            for j in 0..<h {
                let (z, candidate) = (row[h + j], row[2 * h + j])
                let previous = t > 0 ? state[j - h] : 0
                state[j] = (1 - z) * candidate + z * previous
            }
        }
    }

    /// The gradients at `a_t` and `b_t` of step `t`, from the gradient at `h_t` (the output's,
    /// `stateGradients`, plus the later step's, `laterState`, which becomes the part of the
    /// gradient at `h_{t−1}` that does not pass through `Wh`).
    static func backward(
        step t: Int, rows: Range<Int>, _ s: SequenceProducts, gates: FloatBuffer, recurrentCandidates: FloatBuffer,
        states: FloatBuffer,
        stateGradients: FloatBuffer, laterState: FloatBuffer, inputGradients: FloatBuffer,
        recurrentGradients: FloatBuffer
    ) {
        let (h, width) = (s.hidden, 3 * s.hidden)
        for n in rows {
            let at = (n * s.steps + t) * h
            let offset = (n * s.steps + t) * width
            let (row, da, db) = (gates.pointer + offset, inputGradients.pointer + offset, recurrentGradients.pointer + offset)
            let (state, dhOut, dhLater) = (states.pointer + at, stateGradients.pointer + at, laterState.pointer + n * h)
            let candidates = recurrentCandidates.pointer + at
            for j in 0..<h {
                let (r, z, candidate) = (row[j], row[h + j], row[2 * h + j])
                let previous = t > 0 ? state[j - h] : 0
                let dh = dhOut[j] + dhLater[j]
                let dCandidate = dh * (1 - z) * (1 - candidate * candidate)
                let dz = dh * (previous - candidate) * z * (1 - z)
                let dr = dCandidate * candidates[j] * r * (1 - r)
                (da[j], da[h + j], da[2 * h + j]) = (dr, dz, dCandidate)
                (db[j], db[h + j], db[2 * h + j]) = (dr, dz, dCandidate * r)
                dhLater[j] = dh * z
            }
        }
    }
}
