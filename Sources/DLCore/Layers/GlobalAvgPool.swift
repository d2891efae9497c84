/// Averages each channel over the whole image: `[batch, H, W, C]` to `[batch, C]`.
/// Backward spreads each channel's gradient evenly: `∂x = g / (H·W)` at every position.
public final class GlobalAvgPool: Layer {
    private var inputShape: [Int] = []
    private var output = Tensor(shape: [0])
    private var inputGradient = Tensor(shape: [0])

    public init() {}

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard inputShape.count == 3 else {
            throw ShapeError(layer: description, inputShape: inputShape, expected: "an image height x width x channels")
        }
        return [inputShape[2]]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        inputShape = input.shape
        let (batch, positions, channels) = (input.shape[0], input.shape[1] * input.shape[2], input.shape[3])
        output.resize(to: [batch, channels])
        let scale = 1 / Float(positions)
        input.scalars.withUnsafeBufferPointer { x in
            output.scalars.withUnsafeMutableBufferPointer { y in
                for n in 0..<batch {
                    let out = y.baseAddress! + n * channels
                    out.update(repeating: 0, count: channels)
                    for p in 0..<positions {
                        let from = x.baseAddress! + (n * positions + p) * channels
                        for c in 0..<channels { out[c] += from[c] }
                    }
                    for c in 0..<channels { out[c] *= scale }
                }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        let (batch, positions, channels) = (inputShape[0], inputShape[1] * inputShape[2], inputShape[3])
        let scale = 1 / Float(positions)
        inputGradient.resize(to: inputShape)
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                for n in 0..<batch {
                    for p in 0..<positions {
                        let to = dx.baseAddress! + (n * positions + p) * channels
                        for c in 0..<channels { to[c] = dy[n * channels + c] * scale }
                    }
                }
            }
        }
        return inputGradient
    }

    public var description: String { "GlobalAvgPool()" }
}
