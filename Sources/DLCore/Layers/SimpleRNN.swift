#if canImport(Glibc)
    import Glibc
#endif

/// The plainest recurrent layer: `h_t = tanh(x_t·Wx + h_{t−1}·Wh + b)`.
///
/// Input `[batch, T, F]`; output `[batch, H]` (the last `h`) or, with `returnSequences`,
/// `[batch, T, H]`. Backward through time: `a_t = (∂h_t + ∂h from t+1) ⊙ (1 − h_t²)`, and the
/// gradient reaching `h_{t−1}` is `a_t · Whᵀ`.
public final class SimpleRNN: Layer {
    public let features: Int
    public let hidden: Int
    public let returnSequences: Bool
    /// `Wx`, `[F, H]`.
    public let inputWeight: Parameter
    /// `Wh`, `[H, H]`.
    public let recurrentWeight: Parameter
    /// `b`, `[H]`.
    public let bias: Parameter

    private var shape = SequenceProducts(batch: 0, steps: 0, features: 0, hidden: 0)
    private var input = Tensor(shape: [0])
    private var states: [Float] = []

    public init(features: Int, hidden: Int, returnSequences: Bool = false, generator: inout RandomGenerator) {
        self.features = features
        self.hidden = hidden
        self.returnSequences = returnSequences
        (inputWeight, recurrentWeight) = recurrentWeights(features: features, hidden: hidden, gates: 1, generator: &generator)
        bias = Parameter(name: "bias", value: Tensor(shape: [hidden]))
    }

    public var parameters: [Parameter] { [inputWeight, recurrentWeight, bias] }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        try SequenceProducts.check(inputShape, features: features, layer: description)
        return returnSequences ? [inputShape[0], hidden] : [hidden]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let (batch, steps, h) = (input.shape[0], input.count / (input.shape[0] * features), hidden)
        shape = SequenceProducts(batch: batch, steps: steps, features: features, hidden: h)
        self.input = input
        let s = shape
        states = [Float](repeating: 0, count: batch * steps * h)
        input.scalars.withUnsafeBufferPointer { x in
            inputWeight.value.scalars.withUnsafeBufferPointer { wx in
                recurrentWeight.value.scalars.withUnsafeBufferPointer { wh in
                    bias.value.scalars.withUnsafeBufferPointer { b in
                        states.withUnsafeMutableBufferPointer { hs in
                            let hs = hs.baseAddress!
                            s.inputProduct(x.baseAddress!, wx.baseAddress!, b.baseAddress!, width: h, into: hs)
                            for t in 0..<steps {
                                if t > 0 {
                                    s.stepProduct(
                                        hs, step: t, wh.baseAddress!, width: h, into: hs + t * h,
                                        outStride: steps * h, accumulate: true)
                                }
                                for n in 0..<batch { VectorMath.tanh(hs + (n * steps + t) * h, count: h) }
                            }
                        }
                    }
                }
            }
        }
        return s.output(states, returnSequences: returnSequences)
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let s = shape
        let (batch, steps, h) = (s.batch, s.steps, hidden)
        var da = s.stateGradient(outputGradient, returnSequences: returnSequences)
        var dhNext = [Float](repeating: 0, count: batch * h)
        recurrentWeight.value.scalars.withUnsafeBufferPointer { wh in
            da.withUnsafeMutableBufferPointer { da in
                let da = da.baseAddress!
                for t in stride(from: steps - 1, through: 0, by: -1) {
                    for n in 0..<batch {
                        let at = (n * steps + t) * h
                        for j in 0..<h {
                            let y = states[at + j]
                            da[at + j] = (da[at + j] + dhNext[n * h + j]) * (1 - y * y)
                        }
                    }
                    if t > 0 {
                        dhNext.withUnsafeMutableBufferPointer { dh in
                            s.stepInputGradient(da, step: t, wh.baseAddress!, width: h, into: dh.baseAddress!, accumulate: false)
                        }
                    }
                }
            }
        }
        s.recurrentSideGradients(da, width: h, states: states, weight: recurrentWeight)
        return s.inputSideGradients(
            da, width: h, input: input, weight: inputWeight, bias: bias, needsInputGradient: needsInputGradient)
    }

    public var description: String {
        recurrentDescription("SimpleRNN", features: features, hidden: hidden, returnSequences: returnSequences)
    }
}
