#if canImport(Glibc)
    import Glibc
#endif

/// Categorical cross-entropy over one-hot (or probability) targets, for classification:
/// `L = −(1/N) Σ_rows Σ_c y_c log p_c` over `N` rows.
///
/// Fused with softmax, from logits `z`: `log p_c = z_c − m − log Σ_j e^{z_j − m}` with `m = max z`,
/// which never overflows, and `∂L/∂z = (softmax(z) − y) / N`. From probabilities, `p` is
/// clamped to `[1e-7, 1]` before the log.
public struct CrossEntropy: Loss {
    public init() {}

    public var fusedActivation: Activation? { .softmax }

    public func value(logits: Tensor, target: Tensor, gradient: inout Tensor) -> Float {
        precondition(logits.shape == target.shape, "crossentropy: logits \(logits.shape) vs target \(target.shape)")
        let columns = logits.shape.last ?? 1
        let rows = logits.count / columns
        gradient.resize(to: logits.shape)
        let scale = 1 / Float(rows)
        let total = logits.scalars.withUnsafeBufferPointer { z in
            target.scalars.withUnsafeBufferPointer { y in
                gradient.scalars.withUnsafeMutableBufferPointer { g in
                    let (z, y, g) = (z.baseAddress!, y.baseAddress!, g.baseAddress!)
                    return deterministicSum(rows, grain: Swift.max(1, Elementwise.grain / columns)) { range in
                        var sum: Double = 0
                        for r in range {
                            let (zr, yr, gr) = (z + r * columns, y + r * columns, g + r * columns)
                            var largest = -Float.infinity
                            for j in 0..<columns { largest = Swift.max(largest, zr[j]) }
                            var expSum: Float = 0
                            for j in 0..<columns {
                                let e = expf(zr[j] - largest)
                                gr[j] = e
                                expSum += e
                            }
                            let logSum = logf(expSum)
                            for j in 0..<columns {
                                if yr[j] != 0 { sum -= Double(yr[j] * (zr[j] - largest - logSum)) }
                                gr[j] = (gr[j] / expSum - yr[j]) * scale
                            }
                        }
                        return sum
                    }
                }
            }
        }
        return Float(total / Double(rows))
    }

    public func value(prediction: Tensor, target: Tensor, gradient: inout Tensor) -> Float {
        precondition(prediction.shape == target.shape, "crossentropy: prediction \(prediction.shape) vs target \(target.shape)")
        let columns = prediction.shape.last ?? 1
        let rows = prediction.count / columns
        gradient.resize(to: prediction.shape)
        let scale = 1 / Float(rows)
        let total = prediction.scalars.withUnsafeBufferPointer { p in
            target.scalars.withUnsafeBufferPointer { y in
                gradient.scalars.withUnsafeMutableBufferPointer { g in
                    let (p, y, g) = (p.baseAddress!, y.baseAddress!, g.baseAddress!)
                    return deterministicSum(prediction.count) { range in
                        var sum: Double = 0
                        for i in range {
                            let clamped = Swift.min(Swift.max(p[i], 1e-7), 1)
                            if y[i] != 0 { sum -= Double(y[i] * logf(clamped)) }
                            g[i] = p[i] == clamped ? -y[i] / clamped * scale : 0
                        }
                        return sum
                    }
                }
            }
        }
        return Float(total / Double(rows))
    }

    public var description: String { "crossentropy" }
}
