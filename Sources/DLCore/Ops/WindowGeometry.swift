/// The geometry of a 2-D window sliding over channels-last images: used by convolution and
/// pooling.
///
/// `same` padding keeps `ceil(input / stride)` positions and splits the padding with the smaller
/// half first (as TensorFlow does); `valid` uses only windows that fit inside the image.
public struct WindowGeometry: Sendable, Equatable {
    public var inputHeight: Int, inputWidth: Int, channels: Int
    public var kernelHeight: Int, kernelWidth: Int
    public var stride: Int
    public var outputHeight: Int, outputWidth: Int
    public var padTop: Int, padLeft: Int

    /// The geometry for an input of `height × width × channels`; nil when no window fits.
    public init?(height: Int, width: Int, channels: Int, kernel: (Int, Int), stride: Int, padding: Padding) {
        guard height > 0, width > 0, channels > 0, kernel.0 > 0, kernel.1 > 0, stride > 0 else { return nil }
        (inputHeight, inputWidth, self.channels) = (height, width, channels)
        (kernelHeight, kernelWidth, self.stride) = (kernel.0, kernel.1, stride)
        switch padding {
        case .same:
            outputHeight = (height + stride - 1) / stride
            outputWidth = (width + stride - 1) / stride
            padTop = max((outputHeight - 1) * stride + kernel.0 - height, 0) / 2
            padLeft = max((outputWidth - 1) * stride + kernel.1 - width, 0) / 2
        case .valid:
            guard height >= kernel.0, width >= kernel.1 else { return nil }
            outputHeight = (height - kernel.0) / stride + 1
            outputWidth = (width - kernel.1) / stride + 1
            padTop = 0
            padLeft = 0
        }
    }

    /// Values in one input image.
    public var inputSize: Int { inputHeight * inputWidth * channels }
    /// Window positions per image.
    public var positions: Int { outputHeight * outputWidth }
    /// Values in one window (one row of the patch matrix).
    public var patchSize: Int { kernelHeight * kernelWidth * channels }

    /// Copies every window of `image` into `patches` (`positions × patchSize`), zeros where a
    /// window hangs over the edge. Each kernel row is one contiguous run of the image, copied at once.
    func im2col(_ image: UnsafePointer<Float>, into patches: UnsafeMutablePointer<Float>) {
        let c = channels
        let run = kernelWidth * c
        var out = patches
        for oh in 0..<outputHeight {
            for ow in 0..<outputWidth {
                let left = ow * stride - padLeft
                // The part of a kernel row inside the image: columns first..<last of the window.
                let first = max(0, -left)
                let last = min(kernelWidth, inputWidth - left)
                for kh in 0..<kernelHeight {
                    let ih = oh * stride - padTop + kh
                    if ih < 0 || ih >= inputHeight || first >= last {
                        out.update(repeating: 0, count: run)
                    } else {
                        if first > 0 { out.update(repeating: 0, count: first * c) }
                        Self.copy(image + (ih * inputWidth + left + first) * c, to: out + first * c, count: (last - first) * c)
                        if last < kernelWidth { (out + last * c).update(repeating: 0, count: (kernelWidth - last) * c) }
                    }
                    out += run
                }
            }
        }
    }

    /// The reverse of `im2col`: adds each patch value back onto the input position it came from.
    /// `image` is zeroed first.
    func col2im(_ patches: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>) {
        let c = channels
        let run = kernelWidth * c
        image.update(repeating: 0, count: inputSize)
        var from = patches
        for oh in 0..<outputHeight {
            for ow in 0..<outputWidth {
                let left = ow * stride - padLeft
                let first = max(0, -left)
                let last = min(kernelWidth, inputWidth - left)
                for kh in 0..<kernelHeight {
                    let ih = oh * stride - padTop + kh
                    if ih >= 0 && ih < inputHeight && first < last {
                        let to = image + (ih * inputWidth + left + first) * c
                        let source = from + first * c
                        for j in 0..<((last - first) * c) { to[j] += source[j] }
                    }
                    from += run
                }
            }
        }
    }

    /// Copies `count` floats; a plain loop for the short runs of few-channel images, where a call
    /// to `memmove` per run would cost more than the copy.
    @inline(__always)
    private static func copy(_ source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int) {
        if count < 32 {
            for j in 0..<count { destination[j] = source[j] }
        } else {
            destination.update(from: source, count: count)
        }
    }
}
