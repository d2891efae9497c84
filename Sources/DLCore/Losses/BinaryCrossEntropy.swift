#if canImport(Glibc)
    import Glibc
#endif

/// Binary cross-entropy for yes/no targets in `[0, 1]`:
/// `L = −(1/n) Σ [y log p + (1 − y) log(1 − p)]` over all `n` elements.
///
/// Fused with sigmoid, from logits `z`: `L_i = max(z, 0) − z·y + log(1 + e^{−|z|})`, exact for any
/// `z`, and `∂L/∂z = (σ(z) − y) / n`. From probabilities, `p` is clamped to `[1e-7, 1 − 1e-7]`.
public struct BinaryCrossEntropy: Loss {
    public init() {}

    public var fusedActivation: Activation? { .sigmoid }

    public func value(logits: Tensor, target: Tensor, gradient: inout Tensor) -> Float {
        precondition(logits.shape == target.shape, "binary_crossentropy: logits \(logits.shape) vs target \(target.shape)")
        let n = logits.count
        gradient.resize(to: logits.shape)
        let scale = 1 / Float(n)
        let total = logits.scalars.withUnsafeBufferPointer { z in
            target.scalars.withUnsafeBufferPointer { y in
                gradient.scalars.withUnsafeMutableBufferPointer { g in
                    let (z, y, g) = (z.baseAddress!, y.baseAddress!, g.baseAddress!)
                    return deterministicSum(n) { range in
                        var sum: Double = 0
                        for i in range {
                            sum += Double(Swift.max(z[i], 0) - z[i] * y[i] + log1pf(expf(-abs(z[i]))))
                            g[i] = (Activation.sigmoid(z[i]) - y[i]) * scale
                        }
                        return sum
                    }
                }
            }
        }
        return Float(total / Double(n))
    }

    public func value(prediction: Tensor, target: Tensor, gradient: inout Tensor) -> Float {
        precondition(
            prediction.shape == target.shape, "binary_crossentropy: prediction \(prediction.shape) vs target \(target.shape)")
        let n = prediction.count
        gradient.resize(to: prediction.shape)
        let scale = 1 / Float(n)
        let epsilon: Float = 1e-7
        let total = prediction.scalars.withUnsafeBufferPointer { p in
            target.scalars.withUnsafeBufferPointer { y in
                gradient.scalars.withUnsafeMutableBufferPointer { g in
                    let (p, y, g) = (p.baseAddress!, y.baseAddress!, g.baseAddress!)
                    return deterministicSum(n) { range in
                        var sum: Double = 0
                        for i in range {
                            let q = Swift.min(Swift.max(p[i], epsilon), 1 - epsilon)
                            sum -= Double(y[i] * logf(q) + (1 - y[i]) * logf(1 - q))
                            g[i] = (q - y[i]) / (q * (1 - q)) * scale
                        }
                        return sum
                    }
                }
            }
        }
        return Float(total / Double(n))
    }

    public var description: String { "binary_crossentropy" }
}
