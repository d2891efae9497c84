/// One step of a recurrent layer's last forward pass, for the first sample of its batch: each
/// gate's values after its activation, and what the step carries on (the cell and the state).
/// `trace` shows them, so a learner sees what an LSTM's gates let through.
public struct RecurrentStep: Sendable, Equatable {
    /// A named vector of `hidden` values, such as `forget gate f`.
    public struct Values: Sendable, Equatable {
        public var name: String
        public var values: [Float]
    }

    public var gates: [Values]
    /// What the step passes to the next one: the cell `c` and state `h` of an LSTM, the state of
    /// the others.
    public var carried: [Values]
}

/// A layer that runs over a sequence step by step, and can say what each step did.
public protocol SteppedLayer: Layer {
    /// Each step of the last forward pass, for the batch's first sample; empty before any.
    func lastSteps() -> [RecurrentStep]
}

extension SequenceProducts {
    /// `count` values of the first sample's step `t` from `buffer`, which holds `width` values
    /// per step, starting at `offset` within the step.
    func firstSample(_ buffer: FloatBuffer, step t: Int, width: Int, offset: Int = 0, count: Int) -> [Float] {
        guard batch > 0, buffer.count >= (t + 1) * width else { return [] }
        return Array(UnsafeBufferPointer(start: buffer.pointer + t * width + offset, count: count))
    }

    /// The first sample's gates at step `t` from `buffer`, which holds a block of `hidden` values
    /// per name in `names`, in that order, for each step.
    func firstSampleGates(_ buffer: FloatBuffer, step t: Int, names: [String]) -> [RecurrentStep.Values] {
        names.enumerated().map { block, name in
            RecurrentStep.Values(
                name: name,
                values: firstSample(buffer, step: t, width: names.count * hidden, offset: block * hidden, count: hidden))
        }
    }
}
