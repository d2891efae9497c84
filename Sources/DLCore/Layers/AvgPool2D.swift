/// Averages each window, channel by channel.
///
/// Input `[batch, H, W, C]`, output `[batch, H', W', C]` with `valid` windows of `size × size`
/// moved by `stride` (default: `size`). Backward spreads each output gradient evenly over its
/// window: `∂x += g / size²`.
public final class AvgPool2D: Layer {
    public let size: Int
    public let stride: Int
    private let geometry: WindowGeometry
    private var batch = 0
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
        let g = geometry
        batch = input.shape[0]
        let outSize = g.positions * g.channels
        let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
        output.resize(to: [batch, g.outputHeight, g.outputWidth, g.channels])
        input.scalars.withUnsafeBufferPointer { x in
            output.scalars.withUnsafeMutableBufferPointer { y in
                let (x, y) = (x.baseAddress!, y.baseAddress!)
                ThreadPool.shared.parallelFor(batch, grain: 1) { samples in
                    for n in samples {
                        let image = x + n * g.inputSize
                        let out = y + n * outSize
                        out.update(repeating: 0, count: outSize)
                        for oh in 0..<g.outputHeight {
                            for ow in 0..<g.outputWidth {
                                let cell = out + (oh * g.outputWidth + ow) * g.channels
                                for kh in 0..<g.kernelHeight {
                                    for kw in 0..<g.kernelWidth {
                                        let from = image + ((oh * g.stride + kh) * g.inputWidth + ow * g.stride + kw) * g.channels
                                        for c in 0..<g.channels { cell[c] += from[c] }
                                    }
                                }
                                for c in 0..<g.channels { cell[c] *= scale }
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        let g = geometry
        let outSize = g.positions * g.channels
        let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
        inputGradient.resize(to: [batch, g.inputHeight, g.inputWidth, g.channels])
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                let (dy, dx) = (dy.baseAddress!, dx.baseAddress!)
                ThreadPool.shared.parallelFor(batch, grain: 1) { samples in
                    for n in samples {
                        let image = dx + n * g.inputSize
                        image.update(repeating: 0, count: g.inputSize)
                        for oh in 0..<g.outputHeight {
                            for ow in 0..<g.outputWidth {
                                let cell = dy + n * outSize + (oh * g.outputWidth + ow) * g.channels
                                for kh in 0..<g.kernelHeight {
                                    for kw in 0..<g.kernelWidth {
                                        let to = image + ((oh * g.stride + kh) * g.inputWidth + ow * g.stride + kw) * g.channels
                                        for c in 0..<g.channels { to[c] += cell[c] * scale }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }

    public var description: String { "AvgPool2D(\(size)\(stride == size ? "" : ", stride \(stride)"))" }
}
