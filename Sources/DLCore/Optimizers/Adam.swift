#if canImport(Glibc)
    import Glibc
#endif

/// Adam, and AdamW when `decoupledWeightDecay > 0`.
///
/// At step `t`: `m ← β₁·m + (1 − β₁)·g`; `v ← β₂·v + (1 − β₂)·g²`;
/// `p ← p − lr·(m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)`.
/// AdamW first shrinks every weight: `p ← p − lr·λ·p`.
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    /// AdamW's `λ`; 0 for plain Adam.
    public let decoupledWeightDecay: Float
    public let state = OptimizerState()

    public init(
        learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        decoupledWeightDecay: Float = 0
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    public func step(_ parameters: [Parameter]) {
        let stepCount = state.steps + 1
        let (lr, b1, b2, epsilon, decay) = (learningRate, beta1, beta2, self.epsilon, decoupledWeightDecay)
        let correction1 = 1 - powf(b1, Float(stepCount))
        let correction2 = 1 - powf(b2, Float(stepCount))
        let stepSize = lr / correction1
        let rootCorrection2 = correction2.squareRoot()
        state.forEach(parameters, perParameter: 2) { range, p, g, s in
            let (m, v) = (s[0], s[1])
            if decay != 0 { for i in range { p[i] -= lr * decay * p[i] } }
            Adam.update(range, p, g, m, v, b1, b2, stepSize, rootCorrection2, epsilon)
        }
    }

    /// The moment updates and step over `range`, eight lanes at a time.
    @inline(__always)
    static func update(
        _ range: Range<Int>, _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>,
        _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
        _ b1: Float, _ b2: Float, _ stepSize: Float, _ rootCorrection2: Float, _ epsilon: Float
    ) {
        typealias Lanes = SIMD8<Float>
        var i = range.lowerBound
        let (c1, c2, inverseRoot) = (1 - b1, 1 - b2, 1 / rootCorrection2)
        while i &+ 8 <= range.upperBound {
            let gi = Lanes.load(g + i)
            let mi = b1 * Lanes.load(m + i) + c1 * gi
            let vi = b2 * Lanes.load(v + i) + c2 * gi * gi
            mi.store(m + i)
            vi.store(v + i)
            (Lanes.load(p + i) - stepSize * mi / ((vi.squareRoot() * inverseRoot) + epsilon)).store(p + i)
            i &+= 8
        }
        while i < range.upperBound {
            m[i] = b1 * m[i] + c1 * g[i]
            v[i] = b2 * v[i] + c2 * g[i] * g[i]
            p[i] -= stepSize * m[i] / (v[i].squareRoot() * inverseRoot + epsilon)
            i += 1
        }
    }

    public var description: String {
        decoupledWeightDecay == 0 ? "adam(lr \(learningRate))" : "adamw(lr \(learningRate), weight decay \(decoupledWeightDecay))"
    }
}
