/// The inputs of a data set: `count` samples of one shape, stored compactly.
///
/// Images stay as the bytes they were read as and are scaled to `Float` only when a batch is
/// gathered, so Fashion-MNIST's 60,000 training images take 47 MB instead of 188 MB.
public struct Samples: Sendable {
    /// The shape of one sample, e.g. `[28, 28, 1]`.
    public let shape: [Int]
    /// The number of samples.
    public let count: Int

    private enum Storage: Sendable {
        case floats([Float])
        /// `bytes[offset + i] / divisor` is element `i`.
        case bytes([UInt8], offset: Int, divisor: Float)
    }
    private let storage: Storage

    /// Samples stored as floats, `values.count == count * shape.product`.
    public init(shape: [Int], floats values: [Float]) {
        let width = Swift.max(shape.product, 1)
        precondition(values.count % width == 0, "\(values.count) values do not split into samples of shape \(shape)")
        self.shape = shape
        self.count = values.count / width
        self.storage = .floats(values)
    }

    /// Samples stored as bytes from `offset` on, each element read as `byte / divisor`
    /// (a division, so pixels / 255 match other tools to the last bit).
    public init(shape: [Int], count: Int, bytes: [UInt8], offset: Int = 0, divisor: Float) {
        precondition(bytes.count - offset >= count * shape.product, "not enough bytes for \(count) samples of shape \(shape)")
        self.shape = shape
        self.count = count
        self.storage = .bytes(bytes, offset: offset, divisor: divisor)
    }

    /// Values per sample.
    public var width: Int { shape.product }

    /// Writes samples `indices` one after another into `destination` as floats, in parallel
    /// over samples when the batch is large.
    public func gather<C: Collection>(_ indices: C, into destination: UnsafeMutablePointer<Float>) where C.Element == Int {
        let width = self.width
        let indices = Array(indices)
        switch storage {
        case let .floats(values):
            values.withUnsafeBufferPointer { source in
                let source = source.baseAddress!
                Elementwise.parallelRows(indices.count, columns: width) { rows in
                    for row in rows {
                        (destination + row * width).update(from: source + indices[row] * width, count: width)
                    }
                }
            }
        case let .bytes(bytes, offset, divisor):
            bytes.withUnsafeBufferPointer { source in
                let source = source.baseAddress! + offset
                Elementwise.parallelRows(indices.count, columns: width) { rows in
                    for row in rows {
                        let (from, to) = (source + indices[row] * width, destination + row * width)
                        for j in 0..<width { to[j] = Float(from[j]) / divisor }
                    }
                }
            }
        }
    }

    /// Samples `indices` as a batch tensor `[indices.count] + shape`.
    public func batch<C: Collection>(_ indices: C) -> Tensor where C.Element == Int {
        var result = Tensor(shape: [indices.count] + shape)
        result.scalars.withUnsafeMutableBufferPointer { gather(indices, into: $0.baseAddress!) }
        return result
    }

    /// Sample `index` as a tensor of `shape`.
    public subscript(index: Int) -> Tensor {
        precondition(index >= 0 && index < count, "sample \(index) out of range 0..<\(count)")
        return batch([index]).reshaped(shape)
    }

    /// Every sample, as one tensor `[count] + shape`.
    public var tensor: Tensor { batch(0..<count) }

    /// The same samples under another per-sample shape with the same number of values; no copy.
    public func reshaped(_ newShape: [Int]) -> Samples {
        precondition(newShape.product == width, "cannot view samples of \(shape) as \(newShape)")
        return Samples(shape: newShape, count: count, storage: storage)
    }

    private init(shape: [Int], count: Int, storage: Storage) {
        self.shape = shape
        self.count = count
        self.storage = storage
    }

    /// Samples `indices`, copied.
    public func subset(_ indices: [Int]) -> Samples {
        Samples(shape: shape, floats: batch(indices).scalars)
    }
}
