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
        for i in 0..<rows {
            for j in 0..<i {
                var dot = 0.0
                for k in 0..<columns { dot += matrix[i * columns + k] * matrix[j * columns + k] }
                for k in 0..<columns { matrix[i * columns + k] -= dot * matrix[j * columns + k] }
            }
            var norm = 0.0
            for k in 0..<columns { norm += matrix[i * columns + k] * matrix[i * columns + k] }
            norm = norm.squareRoot()
            for k in 0..<columns { matrix[i * columns + k] /= norm }
        }
        return matrix.map(Float.init)
    }
}
