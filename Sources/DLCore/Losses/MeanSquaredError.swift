/// Mean squared error, for regression: `L = (1/n) Σ (p − y)²` over all `n` elements;
/// `∂L/∂p = 2 (p − y) / n`.
public struct MeanSquaredError: Loss {
    public init() {}

    public func value(prediction: Tensor, target: Tensor, gradient: inout Tensor) -> Float {
        precondition(prediction.shape == target.shape, "mse: prediction \(prediction.shape) vs target \(target.shape)")
        let n = prediction.count
        gradient.resize(to: prediction.shape)
        let scale = 2 / Float(n)
        let total = prediction.scalars.withUnsafeBufferPointer { p in
            target.scalars.withUnsafeBufferPointer { y in
                gradient.scalars.withUnsafeMutableBufferPointer { g in
                    let (p, y, g) = (p.baseAddress!, y.baseAddress!, g.baseAddress!)
                    return deterministicSum(n) { range in
                        var sum: Double = 0
                        for i in range {
                            let d = p[i] - y[i]
                            sum += Double(d * d)
                            g[i] = scale * d
                        }
                        return sum
                    }
                }
            }
        }
        return Float(total / Double(n))
    }

    public var description: String { "mse" }
}
