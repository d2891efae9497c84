/// Average pooling of `[batch, H, W, C]` images: over the windows of a `WindowGeometry` (split
/// over the pool by sample), or over the whole image.
enum AveragePooling {
    /// Each window's mean, channel by channel, into `output` (`[batch, H', W', C]`).
    static func forward(_ input: Tensor, _ g: WindowGeometry, into output: inout Tensor) {
        let batch = input.shape[0]
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
    }

    /// Each output gradient spread evenly over its window: `∂x += g / (kernel height · width)`.
    static func backward(_ outputGradient: Tensor, _ g: WindowGeometry, into inputGradient: inout Tensor) {
        let batch = outputGradient.shape[0]
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
    }

    /// Each channel's mean over the whole image into `output` (`[batch, C]`).
    static func forwardGlobal(_ input: Tensor, into output: inout Tensor) {
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
    }

    /// Each channel's gradient spread evenly over the image: `∂x = g / (H·W)` at every position.
    static func backwardGlobal(_ outputGradient: Tensor, inputShape: [Int], into inputGradient: inout Tensor) {
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
    }
}
