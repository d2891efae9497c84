/// The batch-level convolution of a `Conv2D` (see there for the math): by patches, each thread
/// building a few samples' patches at a time in a cache-sized buffer and multiplying them with a
/// single-threaded `sgemm`; or directly (`DirectConvolution`) for inputs with few channels.
///
/// A class because it owns the scratch memory it reuses from batch to batch.
final class Convolution {
    let geometry: WindowGeometry
    let filters: Int
    /// Set when the convolution runs directly, without patches.
    let direct: DirectConvolution?
    private let patchBuffers = ScratchBuffers()
    private let patchGradientBuffers = ScratchBuffers()
    private let weightGradientBuffers = ScratchBuffers()

    init(geometry: WindowGeometry, filters: Int) {
        self.geometry = geometry
        self.filters = filters
        direct =
            DirectConvolution.suits(geometry, filters: filters) ? DirectConvolution(geometry: geometry, filters: filters) : nil
    }

    /// Samples per patch buffer in the forward pass: about 256 rows, so the patches stay in the
    /// core's L2 cache (docs/benchmarks.md has the measurements).
    private var forwardChunk: Int { max(1, 256 / geometry.positions) }
    /// Samples per patch buffer in the backward pass: about 256 K floats (1 MB, a core's L2 cache
    /// here), so the patches, their gradient and `∂K` stay in cache between the two products.
    private var backwardChunk: Int { max(1, (1 << 18) / (geometry.positions * geometry.patchSize)) }
    /// Whether the kernel gradient is computed as `gᵀ · P` (`[filters, patchSize]`, transposed
    /// when summed) rather than `Pᵀ · g`: OpenBLAS runs the orientation whose result has more
    /// columns faster (docs/benchmarks.md).
    private var transposedKernelGradient: Bool { direct == nil && geometry.patchSize > filters }

    /// `Y = P · K + b` into `output` (`[batch, H', W', filters]`), then `max(Y, 0)` when `relu`
    /// (fused into the direct convolution's stores).
    func forward(_ input: Tensor, kernel: Tensor, bias: Tensor, relu: Bool, into output: inout Tensor) {
        let g = geometry
        let batch = input.shape[0]
        output.resize(to: [batch, g.outputHeight, g.outputWidth, filters])
        if let direct {
            forwardDirectly(direct, input, kernel: kernel, bias: bias, relu: relu, into: &output)
            return
        }
        let (filters, chunk) = (self.filters, forwardChunk)
        let parts = ThreadPool.shared.partition(batch, grain: 1)
        let buffers = patchBuffers.prepare(count: parts.count, size: max(forwardChunk, backwardChunk) * g.positions * g.patchSize)
        input.scalars.withUnsafeBufferPointer { x in
            kernel.scalars.withUnsafeBufferPointer { k in
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
        Elementwise.addRowVector(bias, to: &output)
        if relu { Activation.relu.apply(to: &output, columns: filters) }
    }

    /// The forward pass by `DirectConvolution`, one padded image at a time.
    private func forwardDirectly(
        _ direct: DirectConvolution, _ input: Tensor, kernel: Tensor, bias: Tensor, relu: Bool, into output: inout Tensor
    ) {
        let batch = input.shape[0]
        let g = geometry
        let filters = self.filters
        let parts = ThreadPool.shared.partition(batch, grain: 1)
        let padded = patchBuffers.prepare(count: parts.count, size: direct.paddedSize)
        input.scalars.withUnsafeBufferPointer { x in
            kernel.scalars.withUnsafeBufferPointer { k in
                bias.scalars.withUnsafeBufferPointer { b in
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
    }

    /// From `gradient` (at `Y`, `[batch, H', W', filters]`): `∂K = Pᵀ · g` into `kernelGradient`,
    /// and when `needsInputGradient`, `∂x`: each patch's gradient `g · Kᵀ` added back where the
    /// patch came from ("col2im"). Patches are built again rather than kept (cheaper than the
    /// memory); each thread sums its own `∂K`, added up in a fixed order afterwards.
    func backward(
        _ gradient: Tensor, input: Tensor, kernel: Tensor, kernelGradient: inout Tensor, inputGradient: inout Tensor,
        needsInputGradient: Bool
    ) {
        let g = geometry
        let batch = input.shape[0]
        let (filters, chunk, transposed) = (self.filters, backwardChunk, transposedKernelGradient)
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
                kernel.scalars.withUnsafeBufferPointer { k in
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
            kernelGradient.scalars.withUnsafeMutableBufferPointer { dk in
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
        }
    }
}
