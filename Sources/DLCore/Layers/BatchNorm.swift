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
        var (mean, variance): ([Double], [Double])
        if training {
            (mean, variance) = FeatureNormalization.moments(input, features: features)
            let rows = input.count / features
            let unbiased = Double(rows) / Double(max(rows - 1, 1))
            for j in 0..<features {
                runningMean.value.scalars[j] += momentum * (Float(mean[j]) - runningMean.value.scalars[j])
                runningVariance.value.scalars[j] += momentum * (Float(variance[j] * unbiased) - runningVariance.value.scalars[j])
            }
        } else {
            mean = runningMean.value.scalars.map(Double.init)
            variance = runningVariance.value.scalars.map(Double.init)
        }
        // x̂ = (x − μ) / √(σ² + ε), y = γ·x̂ + β
        inverseDeviation = variance.map { Float(1 / ($0 + Double(epsilon)).squareRoot()) }
        FeatureNormalization.normalize(
            input, mean: mean.map(Float.init), inverseDeviation: inverseDeviation, scale: scale.value, shift: shift.value,
            normalized: &normalized, output: &output)
        return output
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        // ∂β = Σg, ∂γ = Σ(g·x̂)
        let sums = FeatureNormalization.gradientSums(outputGradient, normalized: normalized, features: features)
        shift.gradient = Tensor(shape: [features], scalars: sums.sum)
        scale.gradient = Tensor(shape: [features], scalars: sums.sumTimesNormalized)
        guard needsInputGradient else { return nil }
        FeatureNormalization.inputGradient(
            outputGradient, normalized: normalized, scale: scale.value, inverseDeviation: inverseDeviation, sums: sums,
            into: &inputGradient)
        return inputGradient
    }

    public var description: String { "BatchNorm(\(features))" }
}
