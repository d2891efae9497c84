/// The window geometry and shape check shared by pooling layers.
enum PoolingShape {
    /// `valid` windows of `size × size` moved by `stride` over inputs of `inputShape` (`[H, W, C]`).
    static func geometry(_ inputShape: [Int], size: Int, stride: Int, layer: String) throws(ShapeError) -> WindowGeometry {
        guard inputShape.count == 3,
            let geometry = WindowGeometry(
                height: inputShape[0], width: inputShape[1], channels: inputShape[2],
                kernel: (size, size), stride: stride, padding: .valid)
        else {
            throw ShapeError.image(
                layer: layer, inputShape: inputShape, expected: "an image height x width x channels of at least \(size)x\(size)")
        }
        return geometry
    }

    static func check(_ g: WindowGeometry, _ inputShape: [Int], _ layer: String) throws(ShapeError) -> [Int] {
        guard inputShape == [g.inputHeight, g.inputWidth, g.channels] else {
            throw ShapeError(layer: layer, inputShape: inputShape, expected: "\(g.inputHeight)x\(g.inputWidth)x\(g.channels)")
        }
        return [g.outputHeight, g.outputWidth, g.channels]
    }
}
