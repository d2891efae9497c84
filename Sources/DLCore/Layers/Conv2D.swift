/// A 2-D convolution over channels-last images: each of `filters` kernels slides over the image
/// and gives one output channel.
///
/// Input `[batch, H, W, C]`, output `[batch, H', W', filters]`. With the image's windows laid out
/// as rows of a patch matrix `P` (`[batch·H'·W', kh·kw·C]`, "im2col"), the layer is one matrix
/// product `Y = σ(P · K + b)` with kernels `K` of shape `[kh·kw·C, filters]` (stored as
/// `[kh, kw, C, filters]`). Backward: `∂K = Pᵀ · g`, `∂b = Σ_rows g`, `∂P = g · Kᵀ`, and
/// `∂x` adds each patch gradient back where the patch came from ("col2im").
///
/// The batch is split over DLCore's pool; each thread walks its samples a few at a time, building
/// their patches in a cache-sized buffer and multiplying them with one single-threaded `sgemm`.
/// Backward builds the patches again rather than keeping them (cheaper than the memory), and
/// each thread sums its own `∂K`, added up in a fixed order afterwards. Inputs with few channels,
/// whose patches are too short for `sgemm` (the first layer of a grey-image CNN), skip the patches:
/// `Y` and `∂K` come from `DirectConvolution`.
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
    /// Whether the latest forward pass left the activation out (see `ActivatedLayer`).
    private var activationSkipped = false
    private let geometry: WindowGeometry

    private var batch = 0
    private var input = Tensor(shape: [0])
    private var output = Tensor(shape: [0])
    private var inputGradient = Tensor(shape: [0])
    private var activationGradient = Tensor(shape: [0])
    private let patchBuffers = ScratchBuffers()
    private let patchGradientBuffers = ScratchBuffers()
    private let weightGradientBuffers = ScratchBuffers()

    /// Samples per patch buffer in the forward pass: about 256 rows, so the patches stay in the
    /// core's L2 cache (docs/benchmarks.md has the measurements).
    private var forwardChunk: Int { max(1, 256 / geometry.positions) }
    /// Samples per patch buffer in the backward pass: about 256 K floats (1 MB, a core's L2 cache
    /// here), so the patches, their gradient and `∂K` stay in cache between the two products.
    private var backwardChunk: Int { max(1, (1 << 18) / (geometry.positions * geometry.patchSize)) }
    /// Set when the layer convolves directly, without patches.
    private let direct: DirectConvolution?
    /// Whether the kernel gradient is computed as `gᵀ · P` (`[filters, patchSize]`, transposed
    /// when summed) rather than `Pᵀ · g`: OpenBLAS runs the orientation whose result has more
    /// columns faster (docs/benchmarks.md).
    private var transposedKernelGradient: Bool { direct == nil && geometry.patchSize > filters }

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
            throw ShapeError.image(
                layer: name, inputShape: inputShape,
                expected: "an image height x width x channels at least as large as the \(kernelSize.0)x\(kernelSize.1) kernel")
        }
        self.geometry = geometry
        direct =
            DirectConvolution.suits(geometry, filters: filters) ? DirectConvolution(geometry: geometry, filters: filters) : nil
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

    public func forward(_ input: Tensor, training: Bool, activated: Bool) -> Tensor {
        activationSkipped = !activated
        let g = geometry
        batch = input.shape[0]
        precondition(input.count == batch * g.inputSize, "\(description) got input \(input.shape)")
        self.input = input
        output.resize(to: [batch, g.outputHeight, g.outputWidth, filters])
        if let direct {
            forwardDirectly(direct)
            return output
        }
        let (filters, chunk) = (self.filters, forwardChunk)
        let parts = ThreadPool.shared.partition(batch, grain: 1)
        let buffers = patchBuffers.prepare(count: parts.count, size: max(forwardChunk, backwardChunk) * g.positions * g.patchSize)
        input.scalars.withUnsafeBufferPointer { x in
            weight.value.scalars.withUnsafeBufferPointer { k in
                output.scalars.withUnsafeMutableBufferPointer { y in
                    let (x, k, y) = (x.baseAddress!, k.baseAddress!, y.baseAddress!)
                    ThreadPool.shared.parallelFor(parts.count, grain: 1) { indices in
                        for part in indices {
                            var n = parts[part].lowerBound
                            while n < parts[part].upperBound {
                                let m = min(chunk, parts[part].upperBound - n)
                                for s in 0..<m {
                                    g.im2col(x + (n + s) * g.inputSize, into: buffers[part] + s * g.positions * g.patchSize)
                                }
                                MatrixMultiply.gemm(
                                    transposeA: false, transposeB: false, m: m * g.positions, n: filters, k: g.patchSize,
                                    a: buffers[part], lda: g.patchSize, b: k, ldb: filters, beta: 0,
                                    c: y + n * g.positions * filters, ldc: filters, serial: true)
                                n += m
                            }
                        }
                    }
                }
            }
        }
        let rows = batch * g.positions
        bias.value.scalars.withUnsafeBufferPointer { b in
            output.scalars.withUnsafeMutableBufferPointer { y in
                Elementwise.addRowVector(y.baseAddress!, rows: rows, columns: filters, b.baseAddress!)
                if !activationSkipped { activation.apply(y.baseAddress!, rows: rows, columns: filters) }
            }
        }
        return output
    }

    /// The forward pass by `DirectConvolution`, one padded image at a time; `relu` is applied as
    /// each output is stored, any other activation afterwards.
    private func forwardDirectly(_ direct: DirectConvolution) {
        let g = geometry
        let filters = self.filters
        let parts = ThreadPool.shared.partition(batch, grain: 1)
        let padded = patchBuffers.prepare(count: parts.count, size: direct.paddedSize)
        let relu = activation == .relu && !activationSkipped
        input.scalars.withUnsafeBufferPointer { x in
            weight.value.scalars.withUnsafeBufferPointer { k in
                bias.value.scalars.withUnsafeBufferPointer { b in
                    output.scalars.withUnsafeMutableBufferPointer { y in
                        let (x, k, b, y) = (x.baseAddress!, k.baseAddress!, b.baseAddress!, y.baseAddress!)
                        ThreadPool.shared.parallelFor(parts.count, grain: 1) { indices in
                            for part in indices {
                                for n in parts[part] {
                                    direct.pad(x + n * g.inputSize, into: padded[part])
                                    direct.forward(
                                        padded[part], kernel: k, bias: b, into: y + n * g.positions * filters, relu: relu)
                                }
                            }
                        }
                    }
                }
            }
        }
        if !activationSkipped && !relu {
            let rows = batch * g.positions
            output.scalars.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, rows: rows, columns: filters) }
        }
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let g = geometry
        let rows = batch * g.positions
        let (filters, chunk, transposed) = (self.filters, backwardChunk, transposedKernelGradient)
        let gradient = activation.inputGradient(
            output: output, outputGradient: outputGradient, skipped: activationSkipped, buffer: &activationGradient)
        let parts = ThreadPool.shared.partition(batch, grain: 1)
        let direct = self.direct
        let patches = patchBuffers.prepare(
            count: parts.count, size: direct?.paddedSize ?? max(forwardChunk, backwardChunk) * g.positions * g.patchSize)
        let patchGradients =
            needsInputGradient ? patchGradientBuffers.prepare(count: parts.count, size: chunk * g.positions * g.patchSize) : []
        let weightGradients = weightGradientBuffers.prepare(count: parts.count, size: g.patchSize * filters)
        if direct != nil { for buffer in weightGradients { buffer.update(repeating: 0, count: g.patchSize * filters) } }
        if needsInputGradient { inputGradient.resize(to: [batch, g.inputHeight, g.inputWidth, g.channels]) }
        gradient.scalars.withUnsafeBufferPointer { dy in
            input.scalars.withUnsafeBufferPointer { x in
                weight.value.scalars.withUnsafeBufferPointer { k in
                    inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                        let (dy, x, k) = (dy.baseAddress!, x.baseAddress!, k.baseAddress!)
                        let dx = needsInputGradient ? dx.baseAddress : nil
                        ThreadPool.shared.parallelFor(parts.count, grain: 1) { indices in
                            for part in indices {
                                var n = parts[part].lowerBound
                                var first = true
                                while n < parts[part].upperBound {
                                    let m = min(chunk, parts[part].upperBound - n)
                                    let p = patches[part]
                                    let dyChunk = dy + n * g.positions * filters
                                    if let direct {
                                        for s in 0..<m {
                                            direct.pad(x + (n + s) * g.inputSize, into: p)
                                            direct.accumulateKernelGradient(
                                                p, gradient: dyChunk + s * g.positions * filters, into: weightGradients[part])
                                        }
                                    } else {
                                        for s in 0..<m {
                                            g.im2col(x + (n + s) * g.inputSize, into: p + s * g.positions * g.patchSize)
                                        }
                                        if transposed {
                                            MatrixMultiply.gemm(
                                                transposeA: true, transposeB: false, m: filters, n: g.patchSize,
                                                k: m * g.positions,
                                                a: dyChunk, lda: filters, b: p, ldb: g.patchSize, beta: first ? 0 : 1,
                                                c: weightGradients[part], ldc: g.patchSize, serial: true)
                                        } else {
                                            MatrixMultiply.gemm(
                                                transposeA: true, transposeB: false, m: g.patchSize, n: filters,
                                                k: m * g.positions,
                                                a: p, lda: g.patchSize, b: dyChunk, ldb: filters, beta: first ? 0 : 1,
                                                c: weightGradients[part], ldc: filters, serial: true)
                                        }
                                    }
                                    if let dx {
                                        let dp = patchGradients[part]
                                        MatrixMultiply.gemm(
                                            transposeA: false, transposeB: true, m: m * g.positions, n: g.patchSize, k: filters,
                                            a: dyChunk, lda: filters, b: k, ldb: filters, beta: 0, c: dp, ldc: g.patchSize,
                                            serial: true)
                                        for s in 0..<m {
                                            g.col2im(dp + s * g.positions * g.patchSize, into: dx + (n + s) * g.inputSize)
                                        }
                                    }
                                    first = false
                                    n += m
                                }
                            }
                        }
                    }
                }
            }
            weight.gradient.scalars.withUnsafeMutableBufferPointer { dk in
                // Add up the threads' parts in order, as [patchSize, filters].
                for p in 0..<g.patchSize {
                    for f in 0..<filters {
                        let index = transposed ? f * g.patchSize + p : p * filters + f
                        var sum: Float = 0
                        for part in 0..<parts.count { sum += weightGradients[part][index] }
                        dk[p * filters + f] = sum
                    }
                }
            }
            bias.gradient.scalars.withUnsafeMutableBufferPointer { db in
                Elementwise.sumColumns(dy.baseAddress!, rows: rows, columns: filters, into: db.baseAddress!)
            }
        }
        return needsInputGradient ? inputGradient : nil
    }

    public var description: String {
        "Conv2D(\(geometry.channels) => \(filters), \(kernelSize.height)x\(kernelSize.width)\(stride == 1 ? "" : ", stride \(stride)"), \(padding.rawValue)\(activation == .linear ? "" : ", \(activation.rawValue)"))"
    }
}
