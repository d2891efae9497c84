import Testing

@testable import DLCore

/// Finite-difference checks of analytic gradients.
///
/// The loss under test is `L = Σ_i w_i · f(x)_i` with fixed random weights `w`, so the gradient
/// flowing into `f` is `w` and every output element matters. The layers compute in Float (DLCore
/// has no Double path), so `L` is summed and differenced in Double, and each derivative comes from
/// the five-point stencil `(−L(x+2h) + 8L(x+h) − 8L(x−h) + L(x−2h)) / 12h`, whose truncation
/// error is O(h⁴): what remains is Float rounding, a few 1e-4 of relative error.
enum GradientCheck {
    /// The largest relative error between numeric and analytic gradients of a layer, over its input
    /// and all its parameters.
    static func layerError(_ layer: any Layer, input: Tensor, step: Float = 3e-2, training: Bool = false) -> Float {
        var generator = RandomGenerator(seed: 99)
        let probe = layer.forward(input, training: training)
        let weights = Tensor(shape: probe.shape, scalars: (0..<probe.count).map { _ in generator.nextNormal() })
        func loss(_ x: Tensor) -> Double {
            let y = layer.forward(x, training: training)
            return zip(y.scalars, weights.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        _ = layer.forward(input, training: training)
        let inputGradient = layer.backward(weights)
        let parameterGradients = layer.parameters.map(\.gradient)
        var worst: Float = 0
        // Input gradient.
        for i in 0..<input.count {
            let numeric = derivative(step: step) { offset in
                var moved = input
                moved.scalars[i] += offset
                return loss(moved)
            }
            worst = max(worst, relativeError(numeric, inputGradient.scalars[i]))
        }
        // Parameter gradients.
        for (parameter, analytic) in zip(layer.parameters, parameterGradients) {
            for i in 0..<parameter.value.count {
                let numeric = derivative(of: parameter, at: i, step: step) { loss(input) }
                worst = max(worst, relativeError(numeric, analytic.scalars[i]))
            }
        }
        return worst
    }

    /// `f'(0)` by the five-point stencil with step `h`.
    static func derivative(step h: Float, _ f: (Float) -> Double) -> Float {
        Float((-f(2 * h) + 8 * f(h) - 8 * f(-h) + f(-2 * h)) / (12 * Double(h)))
    }

    /// The derivative of `loss` by element `i` of `parameter`, which is restored afterwards.
    static func derivative(of parameter: Parameter, at i: Int, step: Float, _ loss: () -> Double) -> Float {
        let original = parameter.value.scalars[i]
        defer { parameter.value.scalars[i] = original }
        return derivative(step: step) { offset in
            parameter.value.scalars[i] = original + offset
            return loss()
        }
    }

    /// The largest relative error of a loss's gradient, from predictions or from logits.
    static func lossError(_ loss: any Loss, input: Tensor, target: Tensor, logits: Bool, step: Float = 1e-2) -> Float {
        var gradient = Tensor(shape: input.shape)
        func value(_ x: Tensor) -> Double {
            var scratch = Tensor(shape: x.shape)
            return Double(
                logits
                    ? loss.value(logits: x, target: target, gradient: &scratch)
                    : loss.value(prediction: x, target: target, gradient: &scratch))
        }
        _ =
            logits
            ? loss.value(logits: input, target: target, gradient: &gradient)
            : loss.value(prediction: input, target: target, gradient: &gradient)
        var worst: Float = 0
        for i in 0..<input.count {
            let numeric = derivative(step: step) { offset in
                var moved = input
                moved.scalars[i] += offset
                return value(moved)
            }
            worst = max(worst, relativeError(numeric, gradient.scalars[i]))
        }
        return worst
    }

    /// `|a − b| / max(1e-2, |a| + |b|)`: relative for large values, absolute for tiny ones.
    static func relativeError(_ a: Float, _ b: Float) -> Float {
        abs(a - b) / max(1e-2, abs(a) + abs(b))
    }

    /// A tensor of normal samples, kept away from activation kinks by `awayFromZero`.
    static func random(_ shape: [Int], seed: UInt64, awayFromZero: Float = 0) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor(
            shape: shape,
            scalars: (0..<shape.product).map { _ in
                let x = generator.nextNormal()
                return x >= 0 ? x + awayFromZero : x - awayFromZero
            })
    }
}
