/// A dense, row-major array of `Float` with a shape.
///
/// `Tensor` is a value: copies share storage until one of them is written (copy-on-write, as
/// Swift arrays do). The last dimension is the fastest-varying one, so a batch of samples is
/// `[batch, features...]` and sample `i` occupies one contiguous slice.
///
/// ```swift
/// let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// x[1, 2]  // 6
/// ```
public struct Tensor: Sendable, Equatable, CustomStringConvertible {
    /// The size of each dimension, outermost first.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.product`, which only DLCore's
    /// own kernels may be trusted to keep while writing them (others write through the
    /// subscript or make a new tensor).
    public internal(set) var scalars: [Float]

    /// A tensor with the given shape and elements. The element count must match the shape.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        precondition(shape.product == scalars.count, "shape \(shape) needs \(shape.product) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of the given shape filled with `value` (zeros by default).
    public init(shape: [Int], repeating value: Float = 0) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: shape.product))
    }

    /// The number of elements.
    @inlinable public var count: Int { scalars.count }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The element at a full multi-dimensional index.
    public subscript(_ index: Int...) -> Float {
        get { scalars[offset(of: index)] }
        set { scalars[offset(of: index)] = newValue }
    }

    /// The same elements under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, scalars: scalars)
    }

    /// Changes the shape in place, keeping the elements; the element count must not change.
    public mutating func reshape(_ newShape: [Int]) {
        precondition(newShape.product == count, "cannot reshape \(shape) to \(newShape)")
        shape = newShape
    }

    /// Makes this tensor `newShape`, reusing its storage when the element count already matches.
    /// The contents are unspecified afterwards; hot loops call this on their own buffers.
    public mutating func resize(to newShape: [Int]) {
        if newShape.product != count { scalars = [Float](repeating: 0, count: newShape.product) }
        shape = newShape
    }

    /// Rows `range` of the outermost dimension, copied.
    public func rows(_ range: Range<Int>) -> Tensor {
        let width = shape.isEmpty ? 1 : count / Swift.max(shape[0], 1)
        var newShape = shape
        newShape[0] = range.count
        return Tensor(shape: newShape, scalars: Array(scalars[(range.lowerBound * width)..<(range.upperBound * width)]))
    }

    /// True when every element is finite (no NaN or infinity).
    public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }

    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor(\(shape.map(String.init).joined(separator: "x")): [\(shown)\(count > 8 ? ", …" : "")])"
    }

    private func offset(of index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) does not match shape \(shape)")
        var offset = 0
        for (i, size) in zip(index, shape) {
            precondition(i >= 0 && i < size, "index \(index) out of range for shape \(shape)")
            offset = offset * size + i
        }
        return offset
    }
}

extension Array where Element == Int {
    /// The product of the elements (1 for an empty array): the element count of a shape.
    @inlinable public var product: Int { reduce(1, *) }
}
