/// Normalizes each feature (each channel, for images) to mean 0 and variance 1 over the batch,
/// then scales and shifts it by learned `γ` and `β`.
///
/// Training: `x̂ = (x − μ_B) / √(σ²_B + ε)`, `y = γ·x̂ + β`, with batch statistics over every
/// axis but the last; the running averages move 10% of the way toward each batch's statistics
/// (PyTorch's momentum 0.1). Inference uses the running averages. Backward, over the `m` values
/// of a feature: `∂x = (γ / (m·√(σ² + ε))) · (m·g − Σg − x̂·Σ(g·x̂))`.
/// The running statistics are saved with the model but are not trained.
public final class BatchNorm: Layer {
    public let features: Int
    public let epsilon: Float = 1e-5
    public let momentum: Float = 0.1
    /// `γ`, `[features]`, starting at 1.
    public let scale: Parameter
    /// `β`, `[features]`, starting at 0.
    public let shift: Parameter
    public let runningMean: Parameter
    public let runningVariance: Parameter

    private var normalized = Tensor(shape: [0])
    private var inverseDeviation = [Float]()
    private var output = Tensor(shape: [0])
    private var inputGradient = Tensor(shape: [0])

    /// Batch normalization of the last dimension of samples of `inputShape`.
    public init(inputShape: [Int]) {
        features = inputShape.last ?? 1
        scale = Parameter(name: "scale", value: Tensor(shape: [features], repeating: 1))
        shift = Parameter(name: "shift", value: Tensor(shape: [features]))
        runningMean = Parameter(name: "running_mean", value: Tensor(shape: [features]), trainable: false)
        runningVariance = Parameter(name: "running_variance", value: Tensor(shape: [features], repeating: 1), trainable: false)
    }

    public var parameters: [Parameter] { [scale, shift, runningMean, runningVariance] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard inputShape.last == features else {
            throw ShapeError(layer: description, inputShape: inputShape, expected: "\(features) features in the last dimension")
        }
        return inputShape
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let f = features
        let rows = input.count / f
        output.resize(to: input.shape)
        normalized.resize(to: input.shape)
        var mean = [Double](repeating: 0, count: f)
        var variance = [Double](repeating: 0, count: f)
        if training {
            input.scalars.withUnsafeBufferPointer { x in
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
            let unbiased = Double(rows) / Double(max(rows - 1, 1))
            for j in 0..<f {
                runningMean.value.scalars[j] += momentum * (Float(mean[j]) - runningMean.value.scalars[j])
                runningVariance.value.scalars[j] += momentum * (Float(variance[j] * unbiased) - runningVariance.value.scalars[j])
            }
        } else {
            mean = runningMean.value.scalars.map(Double.init)
            variance = runningVariance.value.scalars.map(Double.init)
        }
        inverseDeviation = variance.map { Float(1 / ($0 + Double(epsilon)).squareRoot()) }
        let meanF = mean.map(Float.init)
        input.scalars.withUnsafeBufferPointer { x in
            normalized.scalars.withUnsafeMutableBufferPointer { xh in
                output.scalars.withUnsafeMutableBufferPointer { y in
                    for r in 0..<rows {
                        for j in 0..<f {
                            let i = r * f + j
                            xh[i] = (x[i] - meanF[j]) * inverseDeviation[j]
                            y[i] = scale.value.scalars[j] * xh[i] + shift.value.scalars[j]
                        }
                    }
                }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let f = features
        let rows = outputGradient.count / f
        var sumG = [Float](repeating: 0, count: f)
        var sumGX = [Float](repeating: 0, count: f)
        outputGradient.scalars.withUnsafeBufferPointer { g in
            normalized.scalars.withUnsafeBufferPointer { xh in
                for r in 0..<rows {
                    for j in 0..<f {
                        sumG[j] += g[r * f + j]
                        sumGX[j] += g[r * f + j] * xh[r * f + j]
                    }
                }
            }
        }
        scale.gradient = Tensor(shape: [f], scalars: sumGX)
        shift.gradient = Tensor(shape: [f], scalars: sumG)
        guard needsInputGradient else { return nil }
        inputGradient.resize(to: outputGradient.shape)
        let m = Float(rows)
        outputGradient.scalars.withUnsafeBufferPointer { g in
            normalized.scalars.withUnsafeBufferPointer { xh in
                inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                    for r in 0..<rows {
                        for j in 0..<f {
                            let i = r * f + j
                            let factor = scale.value.scalars[j] * inverseDeviation[j] / m
                            dx[i] = factor * (m * g[i] - sumG[j] - xh[i] * sumGX[j])
                        }
                    }
                }
            }
        }
        return inputGradient
    }

    public var description: String { "BatchNorm(\(features))" }
}
