/// Loops over raw buffers, split over DLCore's pool when they are large enough to pay for it.
///
/// Callers write the loop over a range themselves, so the body is compiled in place and the
/// pool adds one indirect call per range, not one per element.
enum Elementwise {
    /// Elements below which a loop runs on the caller alone (about 30 µs of simple work).
    static let grain = 1 << 15

    /// Runs `body` over contiguous ranges that cover `0..<count`, in parallel when `count` is large.
    @inline(__always)
    static func parallel(_ count: Int, grain: Int = grain, _ body: @escaping (Range<Int>) -> Void) {
        ThreadPool.shared.parallelFor(count, grain: grain, body)
    }

    /// Runs `body` over ranges of row indices, giving each range about `grain` elements.
    @inline(__always)
    static func parallelRows(_ rows: Int, columns: Int, _ body: @escaping (Range<Int>) -> Void) {
        ThreadPool.shared.parallelFor(rows, grain: Swift.max(1, grain / Swift.max(columns, 1)), body)
    }

    /// Adds `bias` (length `columns`) to every row of `x`.
    static func addRowVector(_ x: UnsafeMutablePointer<Float>, rows: Int, columns: Int, _ bias: UnsafePointer<Float>) {
        parallelRows(rows, columns: columns) { range in
            for r in range {
                let row = x + r * columns
                for j in 0..<columns { row[j] += bias[j] }
            }
        }
    }

    /// Writes the column sums of the `rows × columns` matrix `x` into `sums`, adding in row order.
    static func sumColumns(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>) {
        parallel(columns, grain: Swift.max(16, grain / Swift.max(rows, 1))) { range in
            for j in range { sums[j] = 0 }
            for r in 0..<rows {
                let row = x + r * columns
                for j in range { sums[j] += row[j] }
            }
        }
    }
}
