/// Keeps the largest value of each window, channel by channel, to shrink an image while keeping
/// its strongest features.
///
/// Input `[batch, H, W, C]`, output `[batch, H', W', C]` with `valid` windows of `size × size`
/// moved by `stride` (default: `size`). Backward routes each output gradient to the input
/// position that held the maximum (the first, on ties).
public final class MaxPool2D: Layer {
    public let size: Int
    public let stride: Int
    private let geometry: WindowGeometry
    private var winners: [Int32] = []
    private var output = Tensor(shape: [0])
    private var inputGradient = Tensor(shape: [0])

    /// Pooling for inputs of `inputShape` (`[H, W, C]`).
    public init(inputShape: [Int], size: Int, stride: Int? = nil) throws(ShapeError) {
        let stride = stride ?? size
        geometry = try PoolingShape.geometry(inputShape, size: size, stride: stride, layer: "MaxPool2D(\(size))")
        self.size = size
        self.stride = stride
    }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        try PoolingShape.check(geometry, inputShape, description)
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        MaxPooling.forward(input, geometry, into: &output, winners: &winners)
        return output
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        MaxPooling.backward(outputGradient, winners: winners, geometry, into: &inputGradient)
        return inputGradient
    }

    public var description: String { "MaxPool2D(\(size)\(stride == size ? "" : ", stride \(stride)"))" }
}
