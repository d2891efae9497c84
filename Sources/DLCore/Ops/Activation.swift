#if canImport(Glibc)
    import Glibc
#endif

/// An elementwise (or, for softmax, row-wise) nonlinearity applied after a layer.
///
/// Every derivative here is written in terms of the activation's *output* `y`, so layers keep
/// only their outputs for the backward pass:
/// - `linear`: `y = x`, `y' = 1`
/// - `relu`: `y = max(0, x)`, `y' = 1 if y > 0 else 0`
/// - `leaky_relu`: `y = x if x > 0 else 0.01·x`, `y' = 1 if y > 0 else 0.01`
/// - `sigmoid`: `y = 1 / (1 + e^-x)`, `y' = y(1 − y)`
/// - `tanh`: `y = tanh x`, `y' = 1 − y²`
/// - `softmax` over each row: `y_i = e^{x_i} / Σ_j e^{x_j}`; backward `g_i ← y_i (g_i − Σ_j g_j y_j)`
public enum Activation: String, Codable, CaseIterable, Sendable {
    case linear, relu, sigmoid, tanh, softmax
    case leakyRelu = "leaky_relu"

    /// The slope of `leaky_relu` for negative inputs (PyTorch's default).
    public static let leakySlope: Float = 0.01

    /// Applies the activation in place to `y`, read as rows of `columns` values (softmax is
    /// taken over each row).
    func apply(to y: inout Tensor, columns: Int) {
        guard self != .linear else { return }
        y.scalars.withUnsafeMutableBufferPointer {
            apply($0.baseAddress!, rows: $0.count / Swift.max(columns, 1), columns: columns)
        }
    }

    /// Applies the activation in place to `rows × columns` values.
    func apply(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        let count = rows * columns
        switch self {
        case .linear: return
        case .relu: Elementwise.parallel(count) { r in for i in r { x[i] = x[i] > 0 ? x[i] : 0 } }
        case .leakyRelu:
            let slope = Activation.leakySlope
            Elementwise.parallel(count) { r in for i in r { x[i] = x[i] > 0 ? x[i] : x[i] * slope } }
        case .sigmoid: Elementwise.parallel(count) { r in VectorMath.sigmoid(x + r.lowerBound, count: r.count) }
        case .tanh: Elementwise.parallel(count) { r in VectorMath.tanh(x + r.lowerBound, count: r.count) }
        case .softmax:
            Elementwise.parallelRows(rows, columns: columns) { range in
                for r in range {
                    let row = x + r * columns
                    var largest = -Float.infinity
                    for j in 0..<columns { largest = Swift.max(largest, row[j]) }
                    var sum: Float = 0
                    for j in 0..<columns {
                        let e = expf(row[j] - largest)
                        row[j] = e
                        sum += e
                    }
                    let scale = 1 / sum
                    for j in 0..<columns { row[j] *= scale }
                }
            }
        }
    }

    /// Writes into `result` the gradient with respect to the activation's input, given `gradient`
    /// with respect to its output `y`. `result` may be `gradient` itself.
    func backward(
        output y: UnsafePointer<Float>, gradient g: UnsafePointer<Float>, into result: UnsafeMutablePointer<Float>,
        rows: Int, columns: Int
    ) {
        let count = rows * columns
        let d = result
        switch self {
        case .linear: if d != UnsafeMutablePointer(mutating: g) { d.update(from: g, count: count) }
        case .relu: Elementwise.parallel(count) { r in for i in r { d[i] = y[i] > 0 ? g[i] : 0 } }
        case .leakyRelu:
            let slope = Activation.leakySlope
            Elementwise.parallel(count) { r in for i in r { d[i] = y[i] > 0 ? g[i] : g[i] * slope } }
        case .sigmoid: Elementwise.parallel(count) { r in for i in r { d[i] = g[i] * y[i] * (1 - y[i]) } }
        case .tanh: Elementwise.parallel(count) { r in for i in r { d[i] = g[i] * (1 - y[i] * y[i]) } }
        case .softmax:
            Elementwise.parallelRows(rows, columns: columns) { range in
                for r in range {
                    let (gRow, yRow, dRow) = (g + r * columns, y + r * columns, d + r * columns)
                    var dot: Float = 0
                    for j in 0..<columns { dot += gRow[j] * yRow[j] }
                    for j in 0..<columns { dRow[j] = yRow[j] * (gRow[j] - dot) }
                }
            }
        }
    }

    /// `backward(output:gradient:into:rows:columns:)` in place.
    func backward(output y: UnsafePointer<Float>, gradient g: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        backward(output: y, gradient: g, into: g, rows: rows, columns: columns)
    }

    /// The logistic function, computed without overflow for large negative inputs.
    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + expf(-x)) }
        let e = expf(x)
        return e / (1 + e)
    }
}

extension Activation {
    /// The gradient before this activation, given `outputGradient` after it and the activation's
    /// `output` (the last dimension is the row for softmax). Written into `buffer`, which the
    /// caller keeps between batches; `outputGradient` itself comes back when there is nothing to do
    /// (`linear`, or `skipped` because a loss took the activation over).
    public func inputGradient(output: Tensor, outputGradient: Tensor, skipped: Bool, buffer: inout Tensor) -> Tensor {
        guard !skipped && self != .linear else { return outputGradient }
        let columns = Swift.max(output.shape.last ?? 1, 1)
        buffer.resize(to: outputGradient.shape)
        output.scalars.withUnsafeBufferPointer { y in
            outputGradient.scalars.withUnsafeBufferPointer { dy in
                buffer.scalars.withUnsafeMutableBufferPointer { d in
                    backward(
                        output: y.baseAddress!, gradient: dy.baseAddress!, into: d.baseAddress!,
                        rows: output.count / columns, columns: columns)
                }
            }
        }
        return buffer
    }
}
