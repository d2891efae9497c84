/// How a layer's weights start.
///
/// - `xavier` (Glorot uniform): `U(−a, a)` with `a = √(6 / (fanIn + fanOut))`, for tanh, sigmoid, softmax.
/// - `he` (He/Kaiming normal): `N(0, 2 / fanIn)`, for relu and leaky_relu.
/// - `automatic`: `he` before relu-like activations, `xavier` otherwise.
public enum Initializer: String, Codable, CaseIterable, Sendable {
    case automatic, xavier, he

    /// The initializer this one stands for in front of `activation`.
    public func resolved(for activation: Activation) -> Initializer {
        guard self == .automatic else { return self }
        return activation == .relu || activation == .leakyRelu ? .he : .xavier
    }

    /// `count` initial weights of a layer with these fans.
    public func weights(
        count: Int, fanIn: Int, fanOut: Int, activation: Activation,
        generator: inout RandomGenerator
    ) -> [Float] {
        switch resolved(for: activation) {
        case .he:
            let deviation = (2 / Float(fanIn)).squareRoot()
            return (0..<count).map { _ in generator.nextNormal() * deviation }
        default:
            let limit = (6 / Float(fanIn + fanOut)).squareRoot()
            return (0..<count).map { _ in (2 * generator.nextUniform() - 1) * limit }
        }
    }
}

extension Initializer {
    /// A `rows × columns` matrix (`rows ≤ columns`) whose rows are orthonormal: a normal sample
    /// made orthogonal by modified Gram–Schmidt. Used for recurrent weights, so repeated
    /// multiplication through time neither grows nor shrinks the hidden state at the start.
    public static func orthogonalRows(rows: Int, columns: Int, generator: inout RandomGenerator) -> [Float] {
        precondition(rows <= columns, "orthogonal rows need rows <= columns")
        var matrix = (0..<rows * columns).map { _ in Double(generator.nextNormal()) }
        // Through pointers, with dot products in four lanes (in a fixed order, so every machine
        // gets the same weights): a 1,024-unit LSTM's 4e9 multiply-adds took seconds one by one.
        func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>) -> Double {
            var lanes = SIMD4<Double>()
            var k = 0
            while k + 4 <= columns {
                lanes += SIMD4(a[k], a[k + 1], a[k + 2], a[k + 3]) * SIMD4(b[k], b[k + 1], b[k + 2], b[k + 3])
                k += 4
            }
            var sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
            while k < columns {
                sum += a[k] * b[k]
                k += 1
            }
            return sum
        }
        matrix.withUnsafeMutableBufferPointer { buffer in
            let m = buffer.baseAddress!
            for i in 0..<rows {
                let row = m + i * columns
                for j in 0..<i {
                    let earlier = m + j * columns
                    let projection = dot(row, earlier)
                    for k in 0..<columns { row[k] -= projection * earlier[k] }
                }
                let norm = dot(row, row).squareRoot()
                for k in 0..<columns { row[k] /= norm }
            }
        }
        return matrix.map(Float.init)
    }
}
