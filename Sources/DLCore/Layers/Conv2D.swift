/// A 2-D convolution over channels-last images: each of `filters` kernels slides over the image
/// and gives one output channel.
///
/// Input `[batch, H, W, C]`, output `[batch, H', W', filters]`. With the image's windows laid out
/// as rows of a patch matrix `P` (`[batch·H'·W', kh·kw·C]`, "im2col"), the layer is one matrix
/// product `Y = σ(P · K + b)` with kernels `K` of shape `[kh·kw·C, filters]` (stored as
/// `[kh, kw, C, filters]`). Backward: `∂K = Pᵀ · g`, `∂b = Σ_rows g`, `∂P = g · Kᵀ`, and
/// `∂x` adds each patch gradient back where the patch came from ("col2im"). Patches are built in
/// parallel over the batch; the products are split over DLCore's pool.
public final class Conv2D: ActivatedLayer {
    public let filters: Int
    public let kernelSize: (height: Int, width: Int)
    public let stride: Int
    public let padding: Padding
    public let activation: Activation
    /// `K`, `[kh, kw, C, filters]`.
    public let weight: Parameter
    /// `b`, `[filters]`.
    public let bias: Parameter
    public var skipsActivation = false
    private let geometry: WindowGeometry

    private var batch = 0
    private var patches: [Float] = []
    private var output = Tensor(shape: [0])
    private var patchGradient: [Float] = []
    private var inputGradient = Tensor(shape: [0])

    /// A convolution for inputs of `inputShape` (`[H, W, C]`); throws a `ShapeError` when no
    /// window fits.
    public init(
        inputShape: [Int], filters: Int, kernelSize: (Int, Int), stride: Int = 1, padding: Padding = .same,
        activation: Activation = .linear, initializer: Initializer = .automatic,
        generator: inout RandomGenerator
    ) throws(ShapeError) {
        let name =
            "Conv2D(\(filters), \(kernelSize.0)x\(kernelSize.1)\(stride == 1 ? "" : ", stride \(stride)"), \(padding.rawValue)\(activation == .linear ? "" : ", \(activation.rawValue)"))"
        guard inputShape.count == 3,
            let geometry = WindowGeometry(
                height: inputShape[0], width: inputShape[1], channels: inputShape[2],
                kernel: kernelSize, stride: stride, padding: padding)
        else {
            throw ShapeError(
                layer: name, inputShape: inputShape,
                expected: "an image height x width x channels at least as large as the \(kernelSize.0)x\(kernelSize.1) kernel")
        }
        self.geometry = geometry
        self.filters = filters
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.activation = activation
        let fanIn = geometry.patchSize
        let fanOut = kernelSize.0 * kernelSize.1 * filters
        let values = initializer.weights(
            count: fanIn * filters, fanIn: fanIn, fanOut: fanOut, activation: activation,
            generator: &generator)
        weight = Parameter(
            name: "weight", value: Tensor(shape: [kernelSize.0, kernelSize.1, inputShape[2], filters], scalars: values))
        bias = Parameter(name: "bias", value: Tensor(shape: [filters]))
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard inputShape == [geometry.inputHeight, geometry.inputWidth, geometry.channels] else {
            throw ShapeError(
                layer: description, inputShape: inputShape,
                expected: "\(geometry.inputHeight)x\(geometry.inputWidth)x\(geometry.channels)")
        }
        return [geometry.outputHeight, geometry.outputWidth, filters]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let g = geometry
        batch = input.shape[0]
        precondition(input.count == batch * g.inputSize, "\(description) got input \(input.shape)")
        let rows = batch * g.positions
        if patches.count != rows * g.patchSize { patches = [Float](repeating: 0, count: rows * g.patchSize) }
        output.resize(to: [batch, g.outputHeight, g.outputWidth, filters])
        input.scalars.withUnsafeBufferPointer { x in
            patches.withUnsafeMutableBufferPointer { p in
                let (x, p) = (x.baseAddress!, p.baseAddress!)
                ThreadPool.shared.parallelFor(batch, grain: 1) { samples in
                    for n in samples { g.im2col(x + n * g.inputSize, into: p + n * g.positions * g.patchSize) }
                }
            }
        }
        patches.withUnsafeBufferPointer { p in
            weight.value.scalars.withUnsafeBufferPointer { k in
                bias.value.scalars.withUnsafeBufferPointer { b in
                    output.scalars.withUnsafeMutableBufferPointer { y in
                        let y = y.baseAddress!
                        MatrixMultiply.gemm(
                            transposeA: false, transposeB: false, m: rows, n: filters, k: g.patchSize,
                            a: p.baseAddress!, lda: g.patchSize, b: k.baseAddress!, ldb: filters,
                            beta: 0, c: y, ldc: filters)
                        Elementwise.addRowVector(y, rows: rows, columns: filters, b.baseAddress!)
                        if !skipsActivation { activation.apply(y, rows: rows, columns: filters) }
                    }
                }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let g = geometry
        let rows = batch * g.positions
        var gradient = outputGradient
        if !skipsActivation && activation != .linear {
            output.scalars.withUnsafeBufferPointer { y in
                gradient.scalars.withUnsafeMutableBufferPointer { dy in
                    activation.backward(output: y.baseAddress!, gradient: dy.baseAddress!, rows: rows, columns: filters)
                }
            }
        }
        gradient.scalars.withUnsafeBufferPointer { dy in
            let dy = dy.baseAddress!
            patches.withUnsafeBufferPointer { p in
                weight.gradient.scalars.withUnsafeMutableBufferPointer { dk in
                    MatrixMultiply.gemm(
                        transposeA: true, transposeB: false, m: g.patchSize, n: filters, k: rows,
                        a: p.baseAddress!, lda: g.patchSize, b: dy, ldb: filters, beta: 0,
                        c: dk.baseAddress!, ldc: filters)
                }
            }
            bias.gradient.scalars.withUnsafeMutableBufferPointer { db in
                Elementwise.sumColumns(dy, rows: rows, columns: filters, into: db.baseAddress!)
            }
            guard needsInputGradient else { return }
            if patchGradient.count != rows * g.patchSize { patchGradient = [Float](repeating: 0, count: rows * g.patchSize) }
            inputGradient.resize(to: [batch, g.inputHeight, g.inputWidth, g.channels])
            weight.value.scalars.withUnsafeBufferPointer { k in
                patchGradient.withUnsafeMutableBufferPointer { dp in
                    MatrixMultiply.gemm(
                        transposeA: false, transposeB: true, m: rows, n: g.patchSize, k: filters,
                        a: dy, lda: filters, b: k.baseAddress!, ldb: filters, beta: 0,
                        c: dp.baseAddress!, ldc: g.patchSize)
                }
            }
            patchGradient.withUnsafeBufferPointer { dp in
                inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                    let (dp, dx) = (dp.baseAddress!, dx.baseAddress!)
                    ThreadPool.shared.parallelFor(batch, grain: 1) { samples in
                        for n in samples { g.col2im(dp + n * g.positions * g.patchSize, into: dx + n * g.inputSize) }
                    }
                }
            }
        }
        return needsInputGradient ? inputGradient : nil
    }

    public var description: String {
        "Conv2D(\(geometry.channels) => \(filters), \(kernelSize.height)x\(kernelSize.width)\(stride == 1 ? "" : ", stride \(stride)"), \(padding.rawValue)\(activation == .linear ? "" : ", \(activation.rawValue)"))"
    }
}
