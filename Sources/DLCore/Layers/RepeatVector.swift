/// Repeats each sample `times` times into a sequence: `[batch, F]` to `[batch, times, F]`, so a
/// single vector can feed a recurrent decoder (one-to-many, encoder–decoder). Backward sums the
/// gradients of the copies.
public final class RepeatVector: Layer {
    public let times: Int
    private var features = 0

    public init(times: Int) { self.times = times }

    public var parameters: [Parameter] { [] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard inputShape.count == 1 else {
            throw ShapeError(layer: description, inputShape: inputShape, expected: "a vector (flatten it first)")
        }
        return [times, inputShape[0]]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let batch = input.shape[0]
        features = input.count / max(batch, 1)
        var out = [Float]()
        out.reserveCapacity(batch * times * features)
        for n in 0..<batch {
            let row = input.scalars[(n * features)..<((n + 1) * features)]
            for _ in 0..<times { out += row }
        }
        return Tensor(shape: [batch, times, features], scalars: out)
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard needsInputGradient else { return nil }
        let batch = outputGradient.shape[0]
        var dx = [Float](repeating: 0, count: batch * features)
        for n in 0..<batch {
            for t in 0..<times {
                for j in 0..<features { dx[n * features + j] += outputGradient.scalars[(n * times + t) * features + j] }
            }
        }
        return Tensor(shape: [batch, features], scalars: dx)
    }

    public var description: String { "RepeatVector(\(times))" }
}
