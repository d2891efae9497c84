/// Max pooling of `[batch, H, W, C]` images over the windows of a `WindowGeometry`, split over
/// the pool by sample.
enum MaxPooling {
    /// Each window's maximum, channel by channel, into `output` (`[batch, H', W', C]`), and the
    /// index in its image that held it into `winners`.
    static func forward(_ input: Tensor, _ g: WindowGeometry, into output: inout Tensor, winners: inout [Int32]) {
        let batch = input.shape[0]
        let outSize = g.positions * g.channels
        output.resize(to: [batch, g.outputHeight, g.outputWidth, g.channels])
        if winners.count != batch * outSize { winners = [Int32](repeating: 0, count: batch * outSize) }
        input.scalars.withUnsafeBufferPointer { x in
            output.scalars.withUnsafeMutableBufferPointer { y in
                winners.withUnsafeMutableBufferPointer { w in
                    let (x, y, w) = (x.baseAddress!, y.baseAddress!, w.baseAddress!)
                    ThreadPool.shared.parallelFor(batch, grain: 1) { samples in
                        for n in samples {
                            let image = x + n * g.inputSize
                            for oh in 0..<g.outputHeight {
                                for ow in 0..<g.outputWidth {
                                    let out = n * outSize + (oh * g.outputWidth + ow) * g.channels
                                    let corner = ((oh * g.stride) * g.inputWidth + ow * g.stride) * g.channels
                                    poolCell(image, corner: corner, geometry: g, best: y + out, winner: w + out)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The maxima of one window over every channel, and where each was, comparing eight channels
    /// at a time (any remainder one by one).
    @inline(__always)
    static func poolCell(
        _ image: UnsafePointer<Float>, corner: Int, geometry g: WindowGeometry,
        best: UnsafeMutablePointer<Float>, winner: UnsafeMutablePointer<Int32>
    ) {
        let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
        var c = 0
        while c &+ 8 <= g.channels {
            var top = SIMD8<Float>.load(image + corner + c)
            var index = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: corner &+ c)) &+ lanes
            for kh in 0..<g.kernelHeight {
                for kw in 0..<g.kernelWidth where kh > 0 || kw > 0 {
                    let start = corner &+ (kh &* g.inputWidth &+ kw) &* g.channels &+ c
                    let values = SIMD8<Float>.load(image + start)
                    let better = values .> top
                    top.replace(with: values, where: better)
                    index.replace(with: SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: start)) &+ lanes, where: better)
                }
            }
            top.store(best + c)
            UnsafeMutableRawPointer(winner + c).storeBytes(of: index, as: SIMD8<Int32>.self)
            c &+= 8
        }
        while c < g.channels {
            var top = image[corner + c]
            var index = corner + c
            for kh in 0..<g.kernelHeight {
                for kw in 0..<g.kernelWidth where kh > 0 || kw > 0 {
                    let start = corner + (kh * g.inputWidth + kw) * g.channels + c
                    if image[start] > top {
                        top = image[start]
                        index = start
                    }
                }
            }
            best[c] = top
            winner[c] = Int32(truncatingIfNeeded: index)
            c += 1
        }
    }

    /// Each output gradient added at the position of its window's maximum; zeros elsewhere.
    static func backward(_ outputGradient: Tensor, winners: [Int32], _ g: WindowGeometry, into inputGradient: inout Tensor) {
        let batch = outputGradient.shape[0]
        let outSize = g.positions * g.channels
        inputGradient.resize(to: [batch, g.inputHeight, g.inputWidth, g.channels])
        outputGradient.scalars.withUnsafeBufferPointer { dy in
            winners.withUnsafeBufferPointer { w in
                inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                    let (dy, w, dx) = (dy.baseAddress!, w.baseAddress!, dx.baseAddress!)
                    ThreadPool.shared.parallelFor(batch, grain: 1) { samples in
                        for n in samples {
                            let image = dx + n * g.inputSize
                            image.update(repeating: 0, count: g.inputSize)
                            for i in (n * outSize)..<((n + 1) * outSize) { image[Int(w[i])] += dy[i] }
                        }
                    }
                }
            }
        }
    }
}
