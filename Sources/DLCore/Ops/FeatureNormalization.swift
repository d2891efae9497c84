/// Batch normalization's loops over tensors read as rows of `features` values (the last
/// dimension): the statistics of each feature, the normalization and its gradient.
enum FeatureNormalization {
    /// Each feature's mean and biased variance over the rows of `x`, summed in Double.
    static func moments(_ x: Tensor, features f: Int) -> (mean: [Double], variance: [Double]) {
        let rows = x.count / f
        var mean = [Double](repeating: 0, count: f)
        var variance = [Double](repeating: 0, count: f)
        x.scalars.withUnsafeBufferPointer { x in
            for r in 0..<rows { for j in 0..<f { mean[j] += Double(x[r * f + j]) } }
            for j in 0..<f { mean[j] /= Double(rows) }
            for r in 0..<rows {
                for j in 0..<f {
                    let d = Double(x[r * f + j]) - mean[j]
                    variance[j] += d * d
                }
            }
            for j in 0..<f { variance[j] /= Double(rows) }
        }
        return (mean, variance)
    }

    /// `x̂ = (x − μ) · inverseDeviation` into `normalized`, and `y = γ ⊙ x̂ + β` into `output`.
    static func normalize(
        _ x: Tensor, mean: [Float], inverseDeviation: [Float], scale: Tensor, shift: Tensor, normalized: inout Tensor,
        output: inout Tensor
    ) {
        let f = mean.count
        normalized.resize(to: x.shape)
        output.resize(to: x.shape)
        x.scalars.withUnsafeBufferPointer { x in
            normalized.scalars.withUnsafeMutableBufferPointer { xh in
                output.scalars.withUnsafeMutableBufferPointer { y in
                    for r in 0..<(x.count / f) {
                        for j in 0..<f {
                            let i = r * f + j
                            xh[i] = (x[i] - mean[j]) * inverseDeviation[j]
                            y[i] = scale.scalars[j] * xh[i] + shift.scalars[j]
                        }
                    }
                }
            }
        }
    }

    /// Each feature's `Σ g` and `Σ g·x̂`: the gradients of `β` and `γ`.
    static func gradientSums(_ g: Tensor, normalized: Tensor, features f: Int) -> (sum: [Float], sumTimesNormalized: [Float]) {
        var sumG = [Float](repeating: 0, count: f)
        var sumGX = [Float](repeating: 0, count: f)
        g.scalars.withUnsafeBufferPointer { g in
            normalized.scalars.withUnsafeBufferPointer { xh in
                for r in 0..<(g.count / f) {
                    for j in 0..<f {
                        sumG[j] += g[r * f + j]
                        sumGX[j] += g[r * f + j] * xh[r * f + j]
                    }
                }
            }
        }
        return (sumG, sumGX)
    }

    /// `∂x = (γ · inverseDeviation / m) · (m·g − Σg − x̂·Σ(g·x̂))`, `m` being the rows.
    static func inputGradient(
        _ g: Tensor, normalized: Tensor, scale: Tensor, inverseDeviation: [Float],
        sums: (sum: [Float], sumTimesNormalized: [Float]),
        into dx: inout Tensor
    ) {
        let f = inverseDeviation.count
        dx.resize(to: g.shape)
        let m = Float(g.count / f)
        g.scalars.withUnsafeBufferPointer { g in
            normalized.scalars.withUnsafeBufferPointer { xh in
                dx.scalars.withUnsafeMutableBufferPointer { dx in
                    for r in 0..<(g.count / f) {
                        for j in 0..<f {
                            let i = r * f + j
                            let factor = scale.scalars[j] * inverseDeviation[j] / m
                            dx[i] = factor * (m * g[i] - sums.sum[j] - xh[i] * sums.sumTimesNormalized[j])
                        }
                    }
                }
            }
        }
    }
}
