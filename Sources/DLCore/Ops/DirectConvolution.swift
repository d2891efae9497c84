/// A convolution computed straight from a zero-padded copy of the image, without a patch matrix:
/// for inputs with few channels, where a patch row (`kh·kw·C` values, 25 for a 5x5 kernel over a
/// grey image) is too short for `sgemm` to run well.
///
/// Filters are handled eight at a time in SIMD lanes, 32 per pass where there are that many left,
/// so `filters` must be a multiple of 8. In a channels-last image each kernel row's taps are `kw·C` consecutive values
/// of the padded image, matching the kernel's `[kh, kw, C, filters]` layout.
struct DirectConvolution {
    let geometry: WindowGeometry
    let filters: Int
    /// Where each tap of a window lies in the padded image, relative to the window's corner, in
    /// the kernel's `[kh, kw, C]` order.
    let taps: [Int]

    init(geometry: WindowGeometry, filters: Int) {
        self.geometry = geometry
        self.filters = filters
        let row = ((geometry.outputWidth - 1) * geometry.stride + geometry.kernelWidth) * geometry.channels
        let run = geometry.kernelWidth * geometry.channels
        taps = (0..<geometry.kernelHeight).flatMap { kh in (0..<run).map { kh * row + $0 } }
    }

    /// Whether the direct form is the faster one for this shape: few values per patch, and whole
    /// groups of eight filters.
    static func suits(_ geometry: WindowGeometry, filters: Int) -> Bool {
        geometry.patchSize < 64 && filters % 8 == 0
    }

    /// Rows and columns of the padded image: every window lies inside it.
    var paddedHeight: Int { (geometry.outputHeight - 1) * geometry.stride + geometry.kernelHeight }
    var paddedWidth: Int { (geometry.outputWidth - 1) * geometry.stride + geometry.kernelWidth }
    /// Floats in a padded image.
    var paddedSize: Int { paddedHeight * paddedWidth * geometry.channels }

    /// Copies `image` into `padded` with zeros around it.
    func pad(_ image: UnsafePointer<Float>, into padded: UnsafeMutablePointer<Float>) {
        let g = geometry
        let row = paddedWidth * g.channels
        padded.update(repeating: 0, count: paddedSize)
        for ih in 0..<g.inputHeight {
            let py = ih + g.padTop
            guard py < paddedHeight else { break }
            let columns = Swift.min(g.inputWidth, paddedWidth - g.padLeft)
            (padded + py * row + g.padLeft * g.channels).update(
                from: image + ih * g.inputWidth * g.channels, count: columns * g.channels)
        }
    }

    /// `y[position, f] = b[f] + Σ_taps window[tap] · k[tap, f]` for one padded image, then `relu`
    /// when asked (any other activation is the caller's). Two positions at a time, so eight
    /// accumulators hide the latency of the multiply-adds.
    func forward(
        _ padded: UnsafePointer<Float>, kernel k: UnsafePointer<Float>, bias b: UnsafePointer<Float>,
        into y: UnsafeMutablePointer<Float>, relu: Bool
    ) {
        taps.withUnsafeBufferPointer { forward(padded, kernel: k, bias: b, into: y, relu: relu, taps: $0.baseAddress!) }
    }

    private func forward(
        _ padded: UnsafePointer<Float>, kernel k: UnsafePointer<Float>, bias b: UnsafePointer<Float>,
        into y: UnsafeMutablePointer<Float>, relu: Bool, taps: UnsafePointer<Int>
    ) {
        let g = geometry
        let (f, tapCount, step) = (filters, g.patchSize, g.stride &* g.channels)
        var f0 = 0
        while f0 < f {
            let wide = f &- f0 >= 32
            for oh in 0..<g.outputHeight {
                let line = padded + oh &* g.stride &* paddedWidth &* g.channels
                var ow = 0
                while ow < g.outputWidth {
                    let pair = ow &+ 1 < g.outputWidth
                    let (x0, x1) = (line + ow &* step, line + (pair ? ow &+ 1 : ow) &* step)
                    let out0 = y + ((oh &* g.outputWidth &+ ow) &* f &+ f0)
                    if wide {
                        var a = (
                            SIMD8<Float>.load(b + f0), SIMD8<Float>.load(b + (f0 &+ 8)), SIMD8<Float>.load(b + (f0 &+ 16)),
                            SIMD8<Float>.load(b + (f0 &+ 24))
                        )
                        var c = a
                        for j in 0..<tapCount {
                            let offset = taps[j]
                            let (v, u) = (SIMD8<Float>(repeating: x0[offset]), SIMD8<Float>(repeating: x1[offset]))
                            let w = k + (j &* f &+ f0)
                            let (w0, w1, w2, w3) = (
                                SIMD8<Float>.load(w), SIMD8<Float>.load(w + 8), SIMD8<Float>.load(w + 16),
                                SIMD8<Float>.load(w + 24)
                            )
                            a.0 = a.0.addingProduct(v, w0)
                            a.1 = a.1.addingProduct(v, w1)
                            a.2 = a.2.addingProduct(v, w2)
                            a.3 = a.3.addingProduct(v, w3)
                            c.0 = c.0.addingProduct(u, w0)
                            c.1 = c.1.addingProduct(u, w1)
                            c.2 = c.2.addingProduct(u, w2)
                            c.3 = c.3.addingProduct(u, w3)
                        }
                        if relu { a = (a.0.rectified, a.1.rectified, a.2.rectified, a.3.rectified) }
                        a.0.store(out0)
                        a.1.store(out0 + 8)
                        a.2.store(out0 + 16)
                        a.3.store(out0 + 24)
                        if pair {
                            if relu { c = (c.0.rectified, c.1.rectified, c.2.rectified, c.3.rectified) }
                            let out1 = out0 + f
                            c.0.store(out1)
                            c.1.store(out1 + 8)
                            c.2.store(out1 + 16)
                            c.3.store(out1 + 24)
                        }
                    } else {
                        var (a, c) = (SIMD8<Float>.load(b + f0), SIMD8<Float>.load(b + f0))
                        for j in 0..<tapCount {
                            let offset = taps[j]
                            let w = SIMD8<Float>.load(k + (j &* f &+ f0))
                            a = a.addingProduct(SIMD8(repeating: x0[offset]), w)
                            c = c.addingProduct(SIMD8(repeating: x1[offset]), w)
                        }
                        (relu ? a.rectified : a).store(out0)
                        if pair { (relu ? c.rectified : c).store(out0 + f) }
                    }
                    ow &+= 2
                }
            }
            f0 &+= wide ? 32 : 8
        }
    }

    /// Adds `∂k[tap, f] += Σ_positions window[tap] · g[position, f]` for one padded image and its
    /// output gradient `g` (`[positions, filters]`) to `dk` (`[patchSize, filters]`). Two taps at a
    /// time, so each gradient vector loaded feeds two multiply-adds.
    func accumulateKernelGradient(
        _ padded: UnsafePointer<Float>, gradient g: UnsafePointer<Float>, into dk: UnsafeMutablePointer<Float>
    ) {
        taps.withUnsafeBufferPointer { accumulateKernelGradient(padded, gradient: g, into: dk, taps: $0.baseAddress!) }
    }

    private func accumulateKernelGradient(
        _ padded: UnsafePointer<Float>, gradient g: UnsafePointer<Float>, into dk: UnsafeMutablePointer<Float>,
        taps: UnsafePointer<Int>
    ) {
        let geo = geometry
        let (f, tapCount, step) = (filters, geo.patchSize, geo.stride &* geo.channels)
        let rowStep = geo.stride &* paddedWidth &* geo.channels
        var f0 = 0
        while f0 < f {
            let wide = f &- f0 >= 32
            var j = 0
            while j < tapCount {
                let pair = j &+ 1 < tapCount
                let (t0, t1) = (padded + taps[j], padded + taps[pair ? j &+ 1 : j])
                var a = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
                var c = a
                for oh in 0..<geo.outputHeight {
                    let (x0, x1) = (t0 + oh &* rowStep, t1 + oh &* rowStep)
                    let gRow = g + (oh &* geo.outputWidth &* f &+ f0)
                    if wide {
                        for ow in 0..<geo.outputWidth {
                            let (v, u) = (SIMD8<Float>(repeating: x0[ow &* step]), SIMD8<Float>(repeating: x1[ow &* step]))
                            let gp = gRow + ow &* f
                            let (g0, g1, g2, g3) = (
                                SIMD8<Float>.load(gp), SIMD8<Float>.load(gp + 8), SIMD8<Float>.load(gp + 16),
                                SIMD8<Float>.load(gp + 24)
                            )
                            a.0 = a.0.addingProduct(v, g0)
                            a.1 = a.1.addingProduct(v, g1)
                            a.2 = a.2.addingProduct(v, g2)
                            a.3 = a.3.addingProduct(v, g3)
                            c.0 = c.0.addingProduct(u, g0)
                            c.1 = c.1.addingProduct(u, g1)
                            c.2 = c.2.addingProduct(u, g2)
                            c.3 = c.3.addingProduct(u, g3)
                        }
                    } else {
                        for ow in 0..<geo.outputWidth {
                            let gv = SIMD8<Float>.load(gRow + ow &* f)
                            a.0 = a.0.addingProduct(SIMD8(repeating: x0[ow &* step]), gv)
                            c.0 = c.0.addingProduct(SIMD8(repeating: x1[ow &* step]), gv)
                        }
                    }
                }
                let (d0, d1) = (dk + (j &* f &+ f0), dk + ((j &+ 1) &* f &+ f0))
                (SIMD8.load(d0) + a.0).store(d0)
                if pair { (SIMD8.load(d1) + c.0).store(d1) }
                if wide {
                    (SIMD8.load(d0 + 8) + a.1).store(d0 + 8)
                    (SIMD8.load(d0 + 16) + a.2).store(d0 + 16)
                    (SIMD8.load(d0 + 24) + a.3).store(d0 + 24)
                    if pair {
                        (SIMD8.load(d1 + 8) + c.1).store(d1 + 8)
                        (SIMD8.load(d1 + 16) + c.2).store(d1 + 16)
                        (SIMD8.load(d1 + 24) + c.3).store(d1 + 24)
                    }
                }
                j &+= 2
            }
            f0 &+= wide ? 32 : 8
        }
    }
}

extension SIMD8 where Scalar == Float {
    /// `max(x, 0)` lane by lane.
    @inline(__always)
    fileprivate var rectified: Self { replacing(with: 0, where: self .< 0) }
}
