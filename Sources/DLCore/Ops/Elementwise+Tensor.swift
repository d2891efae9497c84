extension Elementwise {
    /// Adds `bias` to every row of `x`, read as rows of `bias.count` values.
    static func addRowVector(_ bias: Tensor, to x: inout Tensor) {
        let columns = bias.count
        bias.scalars.withUnsafeBufferPointer { b in
            x.scalars.withUnsafeMutableBufferPointer {
                addRowVector($0.baseAddress!, rows: $0.count / Swift.max(columns, 1), columns: columns, b.baseAddress!)
            }
        }
    }

    /// Sets `sums` to the column sums of `x`, read as rows of `sums.count` values.
    static func sumRows(_ x: Tensor, into sums: inout Tensor) {
        let columns = sums.count
        x.scalars.withUnsafeBufferPointer { x in
            sums.scalars.withUnsafeMutableBufferPointer {
                sumColumns(x.baseAddress!, rows: x.count / Swift.max(columns, 1), columns: columns, into: $0.baseAddress!)
            }
        }
    }

    /// `y = x ⊙ m`, element by element; `y` takes `x`'s shape.
    static func multiply(_ x: Tensor, _ m: [Float], into y: inout Tensor) {
        precondition(m.count == x.count, "one factor per element")
        y.resize(to: x.shape)
        let count = x.count
        x.scalars.withUnsafeBufferPointer { x in
            m.withUnsafeBufferPointer { m in
                y.scalars.withUnsafeMutableBufferPointer { y in
                    let (x, m, y) = (x.baseAddress!, m.baseAddress!, y.baseAddress!)
                    parallel(count) { r in for i in r { y[i] = x[i] * m[i] } }
                }
            }
        }
    }
}
