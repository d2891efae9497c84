/// RMSprop: steps scaled by a running mean of squared gradients.
/// `s ← ρ·s + (1 − ρ)·g²`; `p ← p − lr·g / (√s + ε)`.
public final class RMSprop: Optimizer {
    public var learningRate: Float
    public let rho: Float
    public let epsilon: Float
    public let state = OptimizerState()

    public init(learningRate: Float = 0.001, rho: Float = 0.9, epsilon: Float = 1e-7) {
        self.learningRate = learningRate
        self.rho = rho
        self.epsilon = epsilon
    }

    public func step(_ parameters: [Parameter]) {
        let (lr, rho, epsilon) = (learningRate, self.rho, self.epsilon)
        state.forEach(parameters, perParameter: 1) { range, p, g, s in
            let mean = s[0]
            for i in range {
                mean[i] = rho * mean[i] + (1 - rho) * g[i] * g[i]
                p[i] -= lr * g[i] / (mean[i].squareRoot() + epsilon)
            }
        }
    }

    public var description: String { "rmsprop(lr \(learningRate))" }
}
