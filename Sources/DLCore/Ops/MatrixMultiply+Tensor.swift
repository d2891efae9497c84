extension MatrixMultiply {
    /// `c = op(a) · op(b)`, or `c += op(a) · op(b)` when `accumulate`, on dense row-major tensors
    /// read as matrices: `op(a)` is `m×k` and `op(b)` `k×n` (`a` is stored `k×m` when
    /// `transposeA`, `b` `n×k` when `transposeB`), and `c` is `m×n`.
    static func multiply(
        _ a: Tensor, transposeA: Bool = false, _ b: Tensor, transposeB: Bool = false, m: Int, n: Int, k: Int,
        into c: inout Tensor, accumulate: Bool = false
    ) {
        precondition(a.count >= m * k && b.count >= k * n && c.count >= m * n, "a product of \(m)x\(k) by \(k)x\(n)")
        a.scalars.withUnsafeBufferPointer { a in
            b.scalars.withUnsafeBufferPointer { b in
                c.scalars.withUnsafeMutableBufferPointer { c in
                    gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a.baseAddress!,
                        lda: transposeA ? m : k, b: b.baseAddress!, ldb: transposeB ? k : n, beta: accumulate ? 1 : 0,
                        c: c.baseAddress!, ldc: n)
                }
            }
        }
    }
}
