/// The inputs of a data set: `count` samples of one shape, stored compactly.
///
/// Images stay as the bytes they were read as and are scaled to `Float` only when a batch is
/// gathered, so Fashion-MNIST's 60,000 training images take 47 MB instead of 188 MB. A
/// standardization (`standardized(_:)`) is applied the same way, when a batch is gathered. Samples
/// of a `SampleFile` stay in the file and are read when a batch is gathered.
public struct Samples: Sendable {
    /// The shape of one sample, e.g. `[28, 28, 1]`.
    public let shape: [Int]
    /// The number of samples.
    public let count: Int

    private enum Storage: Sendable {
        case floats([Float])
        /// `bytes[offset + i] / divisor` is element `i`.
        case bytes([UInt8], offset: Int, divisor: Float)
        /// Sample `i` is the `width` bytes at `offset + rows[i] · width` of `file` (`rows` nil:
        /// the identity), each read as `byte / divisor`.
        case file(SampleFile, offset: Int, divisor: Float, rows: [Int]?)
    }
    private let storage: Storage
    /// Applied to every value as it is gathered, after the bytes are scaled; nil for none.
    public let standardization: Standardization?

    /// Samples stored as floats, `values.count == count * shape.product`.
    public init(shape: [Int], floats values: [Float]) {
        let width = Swift.max(shape.product, 1)
        precondition(values.count % width == 0, "\(values.count) values do not split into samples of shape \(shape)")
        self.shape = shape
        self.count = values.count / width
        self.storage = .floats(values)
        self.standardization = nil
    }

    /// Samples stored as bytes from `offset` on, each element read as `byte / divisor`
    /// (a division, so pixels / 255 match other tools to the last bit).
    public init(shape: [Int], count: Int, bytes: [UInt8], offset: Int = 0, divisor: Float) {
        precondition(bytes.count - offset >= count * shape.product, "not enough bytes for \(count) samples of shape \(shape)")
        self.shape = shape
        self.count = count
        self.storage = .bytes(bytes, offset: offset, divisor: divisor)
        self.standardization = nil
    }

    /// Samples of bytes read from `file` when a batch is gathered, from `offset` on, each element
    /// read as `byte / divisor`.
    public init(shape: [Int], count: Int, file: SampleFile, offset: Int, divisor: Float) {
        precondition(file.size - offset >= count * shape.product, "not enough bytes for \(count) samples of shape \(shape)")
        self.init(shape: shape, count: count, file: file, offset: offset, divisor: divisor, rows: nil)
    }

    /// Values per sample.
    public var width: Int { shape.product }

    /// The file the samples are read from when a batch is gathered, or nil when they are in memory.
    public var file: SampleFile? { fileLayout?.file }

    /// Where in their file the samples are, for a job's data to name them instead of copying them.
    var fileLayout: (file: SampleFile, offset: Int, divisor: Float, rows: [Int]?)? {
        if case let .file(file, offset, divisor, rows) = storage { (file, offset, divisor, rows) } else { nil }
    }

    /// `count` samples of `file` from `offset` on: those of `rows` when given, as `fileLayout` gave them.
    init(shape: [Int], count: Int, file: SampleFile, offset: Int, divisor: Float, rows: [Int]?) {
        self.init(
            shape: shape, count: count, storage: .file(file, offset: offset, divisor: divisor, rows: rows),
            standardization: nil)
    }

    /// Writes samples `indices` one after another into `destination` as floats, in parallel
    /// over samples when the batch is large.
    public func gather<C: Collection>(_ indices: C, into destination: UnsafeMutablePointer<Float>) where C.Element == Int {
        let width = self.width
        let indices = Array(indices)
        let standardization = self.standardization
        switch storage {
        case let .floats(values):
            values.withUnsafeBufferPointer { source in
                let source = source.baseAddress!
                Elementwise.parallelRows(indices.count, columns: width) { rows in
                    for row in rows {
                        let to = destination + row * width
                        to.update(from: source + indices[row] * width, count: width)
                        standardization?.apply(to, count: width)
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
                        standardization?.apply(to, count: width)
                    }
                }
            }
        case let .file(file, offset, divisor, map):
            Elementwise.parallelRows(indices.count, columns: width) { rows in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: width) { bytes in
                    let from = bytes.baseAddress!
                    for row in rows {
                        let sample = map?[indices[row]] ?? indices[row]
                        file.read(width, at: offset + sample * width, into: from)
                        let to = destination + row * width
                        for j in 0..<width { to[j] = Float(from[j]) / divisor }
                        standardization?.apply(to, count: width)
                    }
                }
            }
        }
    }

    /// The mean and standard deviation of all values of all samples, as gathered.
    public var moments: Standardization {
        var (sum, squares) = (0.0, 0.0)
        let chunk = Swift.max(1, (1 << 16) / Swift.max(width, 1))
        var buffer = [Float](repeating: 0, count: chunk * width)
        var start = 0
        while start < count {
            let end = Swift.min(count, start + chunk)
            buffer.withUnsafeMutableBufferPointer { gather(start..<end, into: $0.baseAddress!) }
            for value in buffer[0..<((end - start) * width)] {
                sum += Double(value)
                squares += Double(value) * Double(value)
            }
            start = end
        }
        let n = Double(Swift.max(count * width, 1))
        let mean = sum / n
        return Standardization(mean: Float(mean), deviation: Float(Swift.max(squares / n - mean * mean, 0).squareRoot()))
    }

    /// The same samples with `(x − mean) / deviation` applied to every value as it is gathered; no
    /// copy. Applied to samples that are already standardized, the two combine into one.
    public func standardized(_ standardization: Standardization) -> Samples {
        let combined =
            self.standardization.map { first in
                Standardization(
                    mean: first.mean + standardization.mean * first.deviation,
                    deviation: first.deviation * standardization.deviation)
            } ?? standardization
        return Samples(shape: shape, count: count, storage: storage, standardization: combined)
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
        return Samples(shape: newShape, count: count, storage: storage, standardization: standardization)
    }

    private init(shape: [Int], count: Int, storage: Storage, standardization: Standardization?) {
        self.shape = shape
        self.count = count
        self.storage = storage
        self.standardization = standardization
    }

    /// Samples `indices`: copied, but for samples read from a file, which stay there.
    public func subset(_ indices: [Int]) -> Samples {
        if case let .file(file, offset, divisor, rows) = storage {
            let picked = rows.map { rows in indices.map { rows[$0] } } ?? indices
            return Samples(
                shape: shape, count: indices.count, storage: .file(file, offset: offset, divisor: divisor, rows: picked),
                standardization: standardization)
        }
        return Samples(shape: shape, floats: batch(indices).scalars)
    }
}

/// A shift and scale of every value, `(x − mean) / deviation`: inputs centred on 0 with
/// deviation 1 train faster, recurrent layers especially, whose gates start near their middle.
public struct Standardization: Sendable, Equatable {
    public var mean: Float
    public var deviation: Float

    /// `(x − mean) / deviation`; a zero deviation (constant data) is taken as 1.
    public init(mean: Float, deviation: Float) {
        self.mean = mean
        self.deviation = deviation > 0 ? deviation : 1
    }

    @inline(__always)
    func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let (mean, deviation) = (self.mean, self.deviation)
        for j in 0..<count { values[j] = (values[j] - mean) / deviation }
    }
}
