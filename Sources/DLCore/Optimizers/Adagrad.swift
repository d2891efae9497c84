/// Adagrad: each weight's step shrinks with the sum of its squared gradients.
/// `s ← s + g²`; `p ← p − lr·g / (√s + ε)`.
public final class Adagrad: Optimizer {
    public var learningRate: Float
    public let epsilon: Float
    public let state = OptimizerState()

    public init(learningRate: Float = 0.01, epsilon: Float = 1e-10) {
        self.learningRate = learningRate
        self.epsilon = epsilon
    }

    public func step(_ parameters: [Parameter]) {
        let (lr, epsilon) = (learningRate, self.epsilon)
        state.forEach(parameters, perParameter: 1) { range, p, g, s in
            let sum = s[0]
            for i in range {
                sum[i] += g[i] * g[i]
                p[i] -= lr * g[i] / (sum[i].squareRoot() + epsilon)
            }
        }
    }

    public var description: String { "adagrad(lr \(learningRate))" }
}
