/// Stochastic gradient descent, with optional momentum (as PyTorch defines it):
/// `v ← μ·v + g`; `p ← p − lr·v`, or with Nesterov `p ← p − lr·(g + μ·v)`.
/// With `μ = 0` this is the plain step `p ← p − lr·g`.
public final class SGD: Optimizer {
    public var learningRate: Float
    /// The momentum `μ` in `[0, 1)`.
    public let momentum: Float
    /// Whether the step looks ahead along the velocity.
    public let nesterov: Bool
    public let state = OptimizerState()

    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
    }

    public func step(_ parameters: [Parameter]) {
        let (lr, mu, nesterov) = (learningRate, momentum, self.nesterov)
        if mu == 0 {
            state.forEach(parameters, perParameter: 0) { range, p, g, _ in
                for i in range { p[i] -= lr * g[i] }
            }
            return
        }
        state.forEach(parameters, perParameter: 1) { range, p, g, s in
            let v = s[0]
            for i in range {
                v[i] = mu * v[i] + g[i]
                p[i] -= lr * (nesterov ? g[i] + mu * v[i] : v[i])
            }
        }
    }

    public var description: String {
        momentum == 0 ? "sgd(lr \(learningRate))" : "sgd(lr \(learningRate), momentum \(momentum)\(nesterov ? ", nesterov" : ""))"
    }
}
