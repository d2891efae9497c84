/// `exp`, `sigmoid` and `tanh` eight lanes at a time.
///
/// libm evaluates these one value per call; recurrent layers need millions per batch, and the
/// calls took half of an LSTM epoch. Here `exp(x) = 2ⁿ · p(r)` with `x = n·ln 2 + r`,
/// `|r| ≤ ln 2 / 2`, and `p` the degree-7 polynomial of Cephes' `expf` (relative error about
/// 2e-7, a couple of float ulps). Inputs are clamped to ±87 first, so nothing overflows:
/// `sigmoid` saturates to 0 and 1, `tanh` to ±1.
enum VectorMath {
    typealias Lanes = SIMD8<Float>

    /// `eˣ` lane by lane.
    @inline(__always)
    static func exp(_ x: Lanes) -> Lanes {
        // Only masks, arithmetic and bit casts: the stdlib's generic clamping and float-to-int
        // conversions of SIMD types compile to calls, not vector instructions.
        var clamped = x
        clamped.replace(with: -87, where: x .< -87)
        clamped.replace(with: 87, where: x .> 87)
        // Adding 1.5·2²³ rounds to an integer and leaves it in the low bits of the float.
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p = Lanes(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        p = p * r * r + r + 1
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        return p * unsafeBitCast((integer &+ 127) &<< 23, to: Lanes.self)
    }

    /// `1 / (1 + e⁻ˣ)` lane by lane.
    @inline(__always)
    static func sigmoid(_ x: Lanes) -> Lanes { 1 / (1 + exp(-x)) }

    /// `tanh x` lane by lane: an odd polynomial near 0, where `1 − 2 / (e²ˣ + 1)` would lose the
    /// low digits, and that formula elsewhere.
    @inline(__always)
    static func tanh(_ x: Lanes) -> Lanes {
        let large = 1 - 2 / (exp(2 * x) + 1)
        let x2 = x * x
        // Taylor series to x¹¹: error below 2e-8 for |x| < 0.3.
        var p = Lanes(repeating: -1382.0 / 155_925)
        p = p * x2 + 62.0 / 2835
        p = p * x2 - 17.0 / 315
        p = p * x2 + 2.0 / 15
        p = p * x2 - 1.0 / 3
        let small = x + x * x2 * p
        return large.replacing(with: small, where: x2 .< 0.09)
    }

    /// Applies `body` to `count` values at `x` in place, eight at a time, the tail padded.
    @inline(__always)
    static func map(_ x: UnsafeMutablePointer<Float>, count: Int, _ body: (Lanes) -> Lanes) {
        var i = 0
        while i &+ 8 <= count {
            body(Lanes.load(x + i)).store(x + i)
            i &+= 8
        }
        if i < count {
            var tail = Lanes()
            for j in 0..<(count - i) { tail[j] = x[i + j] }
            let result = body(tail)
            for j in 0..<(count - i) { x[i + j] = result[j] }
        }
    }

    /// `sigmoid` in place over `count` values.
    static func sigmoid(_ x: UnsafeMutablePointer<Float>, count: Int) { map(x, count: count, sigmoid) }

    /// `tanh` in place over `count` values.
    static func tanh(_ x: UnsafeMutablePointer<Float>, count: Int) { map(x, count: count, tanh) }
}
