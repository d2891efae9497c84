/// Averages each window, channel by channel.
///
/// Input `[batch, H, W, C]`, output `[batch, H', W', C]` with `valid` windows of `size × size`
/// moved by `stride` (default: `size`). Backward spreads each output gradient evenly over its
/// window: `∂x += g / size²`.
public final class AvgPool2D: Layer {
    public let size: Int
    public let stride: Int
    private let geometry: WindowGeometry
    private var output = Tensor(shape: [0])
    private var inputGradient = Tensor(shape: [0])

    /// Pooling for inputs of `inputShape` (`[H, W, C]`).
    public init(inputShape: [Int], size: Int, stride: Int? = nil) throws(ShapeError) {
        let stride = stride ?? size
        geometry = try PoolingShape.geometry(inputShape, size: size, stride: stride, layer: "AvgPool2D(\(size))")
        self.size = size
        self.stride = stride
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        try PoolingShape.check(geometry, inputShape, description)
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        AveragePooling.forward(input, geometry, into: &output)
        return output
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        AveragePooling.backward(outputGradient, geometry, into: &inputGradient)
        return inputGradient
    }

    public var description: String { "AvgPool2D(\(size)\(stride == size ? "" : ", stride \(stride)"))" }
}
