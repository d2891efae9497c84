import Foundation
import Testing

@testable import DLCore

@Suite("Vector math")
struct VectorMathTests {
    static let points: [Float] =
        stride(from: -100, through: 100, by: 0.37).map { Float($0) }
        + stride(from: -1, through: 1, by: 0.0013).map { Float($0) } + [0, -0, 1e-30, -1e-30, 87, -87, 200, -200]

    @Test("exp, sigmoid and tanh agree with libm to a few ulps and saturate without NaN")
    func accuracy() {
        var values = Self.points
        var sig = values
        var th = values
        values.withUnsafeMutableBufferPointer { VectorMath.map($0.baseAddress!, count: $0.count, VectorMath.exp) }
        sig.withUnsafeMutableBufferPointer { VectorMath.sigmoid($0.baseAddress!, count: $0.count) }
        th.withUnsafeMutableBufferPointer { VectorMath.tanh($0.baseAddress!, count: $0.count) }
        for (i, x) in Self.points.enumerated() {
            let e = Foundation.exp(Double(max(min(x, 87), -87)))
            #expect(abs(Double(values[i]) - e) <= 4e-7 * e, "exp(\(x)) = \(values[i]), want \(e)")
            let s = 1 / (1 + Foundation.exp(-Double(x)))
            #expect(abs(Double(sig[i]) - s) <= 4e-7, "sigmoid(\(x)) = \(sig[i]), want \(s)")
            let t = Foundation.tanh(Double(x))
            #expect(abs(Double(th[i]) - t) <= 4e-7 * max(abs(t), 1e-3) + 1e-9, "tanh(\(x)) = \(th[i]), want \(t)")
            #expect(sig[i].isFinite && th[i].isFinite)
        }
    }
}
