#if canImport(Accelerate)
    import Accelerate
#else
    import CBLAS
#endif

/// Matrix products through `cblas_sgemm` (OpenBLAS; Apple's Accelerate where it exists), split over
/// DLCore's `ThreadPool`.
///
/// OpenBLAS runs single-threaded here; a product large enough to pay for a hand-off is cut into
/// row (or column) blocks of the result, one block per pool thread. That keeps exactly one set
/// of busy threads on the cores: OpenBLAS's own pool and ours would otherwise spin against each
/// other (see `ThreadPool`).
enum MatrixMultiply {
    /// Work below this many floating-point operations runs on the caller alone (about 20 µs).
    static let parallelThreshold = 1 << 21

    /// Makes OpenBLAS single-threaded; done once, before the first product. (Accelerate, where it
    /// exists, is used instead of OpenBLAS and manages its own threads.)
    private static let configured: Void = {
        #if !canImport(Accelerate)
            openblas_set_num_threads(1)
        #endif
    }()

    /// `c = alpha · op(a) · op(b) + beta · c` for row-major matrices, where `op(a)` is `m×k`,
    /// `op(b)` is `k×n` and `c` is `m×n`; `op` transposes when asked. Leading dimensions are the
    /// row strides of the matrices as stored. `serial` keeps the product on the calling thread (for
    /// callers that are themselves one of several parallel parts).
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, serial: Bool = false, pool: ThreadPool = .shared
    ) {
        _ = configured
        guard m > 0, n > 0 else { return }
        let flops = 2 * m * n * k
        if serial || flops < parallelThreshold || pool.threadCount == 1 {
            sgemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        // Split the longer side of the result, in blocks that keep OpenBLAS's kernels aligned.
        if m >= n {
            let blocks = pool.partition((m + 7) / 8, grain: 1)
            pool.parallelFor(blocks.count, grain: 1) { parts in
                for part in parts {
                    let rows = (blocks[part].lowerBound * 8)..<Swift.min(blocks[part].upperBound * 8, m)
                    let aStart = transposeA ? a + rows.lowerBound : a + rows.lowerBound * lda
                    sgemm(
                        transposeA, transposeB, rows.count, n, k, alpha, aStart, lda, b, ldb,
                        beta, c + rows.lowerBound * ldc, ldc)
                }
            }
        } else {
            let blocks = pool.partition((n + 15) / 16, grain: 1)
            pool.parallelFor(blocks.count, grain: 1) { parts in
                for part in parts {
                    let columns = (blocks[part].lowerBound * 16)..<Swift.min(blocks[part].upperBound * 16, n)
                    let bStart = transposeB ? b + columns.lowerBound * ldb : b + columns.lowerBound
                    sgemm(
                        transposeA, transposeB, m, columns.count, k, alpha, a, lda, bStart, ldb,
                        beta, c + columns.lowerBound, ldc)
                }
            }
        }
    }

    /// Calls OpenBLAS directly on the current thread.
    @inline(__always)
    private static func sgemm(
        _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

extension Tensor {
    /// The matrix product of two rank-2 tensors, `[m, k] · [k, n] -> [m, n]`.
    public func matmul(_ other: Tensor) -> Tensor {
        precondition(
            rank == 2 && other.rank == 2 && shape[1] == other.shape[0],
            "matmul needs [m, k] · [k, n], got \(shape) · \(other.shape)")
        let (m, k, n) = (shape[0], shape[1], other.shape[1])
        var result = Tensor(shape: [m, n])
        MatrixMultiply.multiply(self, other, m: m, n: n, k: k, into: &result)
        return result
    }
}
