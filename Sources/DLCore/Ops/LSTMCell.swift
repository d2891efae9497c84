/// An LSTM's per-step math for every sequence of a batch at one step `t`, on buffers laid out
/// `[batch, T, ·]` (see `SequenceProducts`): gates `4H` wide in the order i, f, g, o; cells,
/// their tanh and the hidden states `H` wide. Each call runs `rows` on the calling thread, one of
/// `SequenceProducts.rowBlocks`' workers.
enum LSTMCell {
    /// From the gate sums at step `t`, in place: `i, f, o = σ(·)`, `g = tanh(·)`; then
    /// `c_t = f ⊙ c_{t−1} + i ⊙ g` (`i ⊙ g` at `t = 0`) and `h_t = o ⊙ tanh(c_t)`.
    static func forward(
        step t: Int, rows: Range<Int>, _ s: SequenceProducts, gates: FloatBuffer, cells: FloatBuffer,
        cellTanh: FloatBuffer, states: FloatBuffer
    ) {
        let (h, width) = (s.hidden, 4 * s.hidden)
        let (gates, cells, cellTanh, states) = (gates.pointer, cells.pointer, cellTanh.pointer, states.pointer)
        for n in rows { forwardRow(n, step: t, s, h: h, width: width, gates, cells, cellTanh, states) }
    }

    @inline(__always)
    private static func forwardRow(
        _ n: Int, step t: Int, _ s: SequenceProducts, h: Int, width: Int, _ gates: UnsafeMutablePointer<Float>,
        _ cells: UnsafeMutablePointer<Float>, _ cellTanh: UnsafeMutablePointer<Float>, _ states: UnsafeMutablePointer<Float>
    ) {
        let row = gates + (n * s.steps + t) * width
        let at = (n * s.steps + t) * h
        VectorMath.sigmoid(row, count: 2 * h)
        VectorMath.tanh(row + 2 * h, count: h)
        VectorMath.sigmoid(row + 3 * h, count: h)
        let (i, f, g, o) = (row, row + h, row + 2 * h, row + 3 * h)
        let (cell, squashed, state) = (cells + at, cellTanh + at, states + at)
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

    /// The gradients at the gate sums of step `t`, from the gradient at `h_t` (the output's,
    /// `stateGradients`, plus the later step's, `laterState`) and at `c_t` (`laterCell`, which
    /// becomes the gradient at `c_{t−1}`).
    static func backward(
        step t: Int, rows: Range<Int>, _ s: SequenceProducts, gates: FloatBuffer, cells: FloatBuffer, cellTanh: FloatBuffer,
        stateGradients: FloatBuffer, laterState: FloatBuffer, laterCell: FloatBuffer, into gateGradients: FloatBuffer
    ) {
        let (h, width) = (s.hidden, 4 * s.hidden)
        let (gates, cells, cellTanh) = (gates.pointer, cells.pointer, cellTanh.pointer)
        let (stateGradients, laterState, laterCell, gateGradients) = (
            stateGradients.pointer, laterState.pointer, laterCell.pointer, gateGradients.pointer
        )
        for n in rows {
            backwardRow(
                n, step: t, s, h: h, width: width, gates, cells, cellTanh, stateGradients, laterState, laterCell,
                gateGradients)
        }
    }

    @inline(__always)
    private static func backwardRow(
        _ n: Int, step t: Int, _ s: SequenceProducts, h: Int, width: Int, _ gates: UnsafeMutablePointer<Float>,
        _ cells: UnsafeMutablePointer<Float>, _ cellTanh: UnsafeMutablePointer<Float>,
        _ stateGradients: UnsafeMutablePointer<Float>, _ laterState: UnsafeMutablePointer<Float>,
        _ laterCell: UnsafeMutablePointer<Float>, _ gateGradients: UnsafeMutablePointer<Float>
    ) {
        let at = (n * s.steps + t) * h
        let (row, dRow) = (gates + (n * s.steps + t) * width, gateGradients + (n * s.steps + t) * width)
        let (dhLater, dcLater) = (laterState + n * h, laterCell + n * h)
        let (dhOut, squashed) = (stateGradients + at, cellTanh + at)
        // At t = 0 there is no earlier cell: its place is taken by zeros.
        let previous = t > 0 ? UnsafePointer(cells + at - h) : nil
        // Eight units at a time, then one at a time: the same formulas, so the same bits.
        typealias Lanes = SIMD8<Float>
        var j = 0
        while j &+ 8 <= h {
            let (i, f) = (Lanes.load(row + j), Lanes.load(row + h + j))
            let (g, o) = (Lanes.load(row + 2 * h + j), Lanes.load(row + 3 * h + j))
            let dh = Lanes.load(dhOut + j) + Lanes.load(dhLater + j)
            let tc = Lanes.load(squashed + j)
            let dc = dh * o * (1 - tc * tc) + Lanes.load(dcLater + j)
            let before = previous.map { Lanes.load($0 + j) } ?? Lanes()
            (dc * g * i * (1 - i)).store(dRow + j)
            (dc * before * f * (1 - f)).store(dRow + h + j)
            (dc * i * (1 - g * g)).store(dRow + 2 * h + j)
            (dh * tc * o * (1 - o)).store(dRow + 3 * h + j)
            (dc * f).store(dcLater + j)
            j &+= 8
        }
        while j < h {
            let (i, f, g, o) = (row[j], row[h + j], row[2 * h + j], row[3 * h + j])
            let dh = dhOut[j] + dhLater[j]
            let tc = squashed[j]
            let dc = dh * o * (1 - tc * tc) + dcLater[j]
            dRow[j] = dc * g * i * (1 - i)
            dRow[h + j] = dc * (previous?[j] ?? 0) * f * (1 - f)
            dRow[2 * h + j] = dc * i * (1 - g * g)
            dRow[3 * h + j] = dh * tc * o * (1 - o)
            dcLater[j] = dc * f
            j += 1
        }
    }
}
