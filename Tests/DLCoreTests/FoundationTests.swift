import Synchronization
import Testing

@testable import DLCore

@Suite("Tensors, matrix products and the thread pool")
struct FoundationTests {
    @Test(
        "matmul agrees with a naive product, including sizes split over the pool",
        arguments: [(1, 1, 1), (3, 5, 2), (64, 784, 256), (200, 9, 300), (33, 70, 130)])
    func matmul(m: Int, k: Int, n: Int) {
        var generator = RandomGenerator(seed: UInt64(m * 1000 + n))
        let a = Tensor(shape: [m, k], scalars: (0..<m * k).map { _ in generator.nextNormal() })
        let b = Tensor(shape: [k, n], scalars: (0..<k * n).map { _ in generator.nextNormal() })
        let c = a.matmul(b)
        #expect(c.shape == [m, n])
        var worst: Float = 0
        for i in stride(from: 0, to: m, by: max(1, m / 7)) {
            for j in stride(from: 0, to: n, by: max(1, n / 7)) {
                var sum: Double = 0
                for p in 0..<k { sum += Double(a[i, p]) * Double(b[p, j]) }
                worst = max(worst, abs(Float(sum) - c[i, j]))
            }
        }
        #expect(worst < 1e-3)
    }

    @Test("transposed products through gemm", arguments: [(false, true), (true, false), (true, true)])
    func transposed(transposeA: Bool, transposeB: Bool) {
        let (m, n, k) = (40, 300, 120)  // large enough to be split
        var generator = RandomGenerator(seed: 8)
        let a = (0..<m * k).map { _ in generator.nextNormal() }
        let b = (0..<k * n).map { _ in generator.nextNormal() }
        var c = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    MatrixMultiply.gemm(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                        a: a.baseAddress!, lda: transposeA ? m : k, b: b.baseAddress!, ldb: transposeB ? k : n,
                        beta: 0, c: c.baseAddress!, ldc: n)
                }
            }
        }
        func opA(_ i: Int, _ p: Int) -> Float { transposeA ? a[p * m + i] : a[i * k + p] }
        func opB(_ p: Int, _ j: Int) -> Float { transposeB ? b[j * k + p] : b[p * n + j] }
        for (i, j) in [(0, 0), (m - 1, n - 1), (17, 150), (39, 3)] {
            let expected = (0..<k).reduce(Double(0)) { $0 + Double(opA(i, $1)) * Double(opB($1, j)) }
            #expect(abs(Float(expected) - c[i * n + j]) < 1e-3)
        }
    }

    @Test("parallelFor covers every index exactly once, with ranges fixed by count and grain")
    func parallelFor() {
        let pool = ThreadPool(threadCount: 3)
        // Ranges are disjoint, so plain writes are safe; an index run twice would show as 2.
        let hits = UnsafeMutableBufferPointer<Int>.allocate(capacity: 10_000)
        defer { hits.deallocate() }
        hits.initialize(repeating: 0)
        pool.parallelFor(10_000, grain: 100) { range in
            for i in range { hits[i] += 1 }
        }
        #expect(hits.allSatisfy { $0 == 1 })
        #expect(pool.partition(10, grain: 4) == [0..<5, 5..<10])
        #expect(pool.partition(10_000, grain: 100) == [0..<3334, 3334..<6667, 6667..<10_000])
        #expect(pool.partition(0, grain: 1) == [])
        pool.setThreadCount(1)
        #expect(pool.partition(10_000, grain: 100) == [0..<10_000])
        var serial = 0
        pool.parallelFor(50, grain: 1) { range in serial += range.count }
        #expect(serial == 50)
    }

    @Test("many small jobs in a row all complete")
    func manyJobs() {
        let pool = ThreadPool(threadCount: 2)
        let total = Atomic<Int>(0)
        for _ in 0..<2_000 {
            pool.parallelFor(64, grain: 8) { range in total.add(range.count, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == 2_000 * 64)
    }

    @Test("tensor basics")
    func tensor() {
        var t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(t[1, 2] == 6)
        t[0, 1] = 9
        #expect(t.scalars == [1, 9, 3, 4, 5, 6])
        #expect(t.rows(1..<2) == Tensor(shape: [1, 3], scalars: [4, 5, 6]))
        #expect(t.reshaped([3, 2]).shape == [3, 2])
        #expect(Tensor(shape: [2], scalars: [1, .nan]).isFinite == false)
        #expect("\(Tensor(shape: [2], scalars: [1, 2]))" == "Tensor(2: [1.0, 2.0])")
    }

    @Test("models describe themselves with parameter counts")
    func description() throws {
        let model = try Sequential(
            ModelSpec(inputShape: [784], layers: [.dense(256, .relu), .dropout(rate: 0.2), .dense(10, .softmax)]), seed: 1)
        #expect(
            model.description == """
                Sequential(input 784)
                  Dense(784 => 256, relu)      # 200,960 parameters
                  Dropout(0.2)
                  Dense(256 => 10, softmax)    # 2,570 parameters
                                               # 203,530 parameters in all
                """)
        #expect(model.parameterCount == 203_530)
    }

    @Test("initializers have the documented spread")
    func initializers() {
        var generator = RandomGenerator(seed: 1)
        let he = Initializer.he.weights(count: 100_000, fanIn: 200, fanOut: 50, activation: .relu, generator: &generator)
        let heDeviation = (he.reduce(0) { $0 + $1 * $1 } / Float(he.count)).squareRoot()
        #expect(abs(heDeviation - (2.0 / 200).squareRoot()) < 0.002)
        let xavier = Initializer.xavier.weights(count: 100_000, fanIn: 200, fanOut: 100, activation: .tanh, generator: &generator)
        let limit = (6.0 / 300).squareRoot()
        #expect(xavier.allSatisfy { abs($0) <= Float(limit) })
        #expect(xavier.max()! > Float(limit) * 0.99)
        #expect(Initializer.automatic.resolved(for: .relu) == .he && Initializer.automatic.resolved(for: .sigmoid) == .xavier)
        // Orthogonal rows: W · Wᵀ is the identity.
        let (rows, columns) = (6, 24)
        let w = Initializer.orthogonalRows(rows: rows, columns: columns, generator: &generator)
        for i in 0..<rows {
            for j in 0..<rows {
                let dot = (0..<columns).reduce(Float(0)) { $0 + w[i * columns + $1] * w[j * columns + $1] }
                #expect(abs(dot - (i == j ? 1 : 0)) < 1e-5)
            }
        }
    }
}
