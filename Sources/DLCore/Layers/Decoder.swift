/// A sequence decoder that feeds its output back: from one vector (an encoder's summary of its
/// input sequence), it writes `steps` outputs one after another, each step seeing the output
/// before it.
///
/// An LSTM runs over `steps` steps; its input at step `t` is the vector `v` beside the output of
/// step `t − 1` (zeros at `t = 0`), and a dense projection of its state gives the step's output:
/// `x_t = [v, y_{t−1}]`, `h_t = LSTM(x_t, h_{t−1})`, `y_t = σ(h_t · Wo + bo)`. Input `[batch, E]`;
/// output `[batch, steps, outputs]`.
///
/// While learning, `y_{t−1}` is the target of step `t − 1` (teacher forcing), so every step
/// learns from a correct history and all steps run as one sequence. Without targets (predicting,
/// evaluating), `y_{t−1}` is the decoder's own output, one-hot at its largest value after a
/// softmax, so each step builds on what the decoder itself said. Backward follows the last
/// forward pass, taking the fed-back outputs as given inputs: the gradient of teacher forcing.
public final class Decoder: TeacherForcedLayer, SteppedLayer {
    /// The size of the vector it starts from.
    public let context: Int
    /// How many steps it writes.
    public let steps: Int
    /// The values of each step's output.
    public let outputs: Int
    /// The recurrent part, over `[v, y_{t−1}]`, every step's state returned.
    public let cell: LSTM
    /// The per-step output, `Wo` `[hidden, outputs]` and `bo`.
    public let projection: Dense
    private var batch = 0

    public init(
        context: Int, hidden: Int, steps: Int, outputs: Int, activation: Activation, generator: inout RandomGenerator
    ) {
        self.context = context
        self.steps = steps
        self.outputs = outputs
        cell = LSTM(features: context + outputs, hidden: hidden, returnSequences: true, generator: &generator)
        let weights = Initializer.automatic.weights(
            count: hidden * outputs, fanIn: hidden, fanOut: outputs, activation: activation, generator: &generator)
        projection = Dense(
            weight: Tensor(shape: [hidden, outputs], scalars: weights), bias: Tensor(shape: [outputs]),
            activation: activation, names: ("output_weight", "output_bias"))
    }

    public var activation: Activation { projection.activation }
    public var hidden: Int { cell.hidden }
    public var parameters: [Parameter] { cell.parameters + projection.parameters }

    public func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] {
        guard inputShape == [context] else {
            throw ShapeError(layer: description, inputShape: inputShape, expected: "a vector of \(context)")
        }
        return [steps, outputs]
    }

    /// The output without targets: each step fed the decoder's own previous output.
    public func forward(_ input: Tensor, training: Bool, activated: Bool) -> Tensor {
        forward(input, training: training, activated: activated, teacher: nil)
    }

    /// The output for a batch; with `teacher` (the targets, `steps × outputs` values per sample),
    /// each step is fed the target of the step before instead of the decoder's own output.
    public func forward(_ input: Tensor, training: Bool, activated: Bool, teacher: Tensor?) -> Tensor {
        batch = input.shape[0]
        var x = Tensor(shape: [batch, steps, context + outputs])
        let width = context + outputs
        for n in 0..<batch {
            for t in 0..<steps {
                let at = (n * steps + t) * width
                for j in 0..<context { x.scalars[at + j] = input.scalars[n * context + j] }
            }
        }
        let states: Tensor
        if let teacher {
            precondition(teacher.count == batch * steps * outputs, "\(description) got targets \(teacher.shape)")
            for n in 0..<batch {
                for t in 1..<max(steps, 1) {
                    let (at, from) = ((n * steps + t) * width + context, (n * steps + t - 1) * outputs)
                    for j in 0..<outputs { x.scalars[at + j] = teacher.scalars[from + j] }
                }
            }
            states = cell.forward(x, training: training)
        } else {
            states = cell.forward(x) { t, state, x in
                let said = feedback(projection.forward(state, training: training, activated: true))
                for n in 0..<batch {
                    let at = (n * steps + t) * width + context
                    for j in 0..<outputs { x.scalars[at + j] = said.scalars[n * outputs + j] }
                }
            }
        }
        let output = projection.forward(states.reshaped([batch * steps, hidden]), training: training, activated: activated)
        return output.reshaped([batch, steps, outputs])
    }

    /// What the next step is fed of an output `[batch, outputs]`: after a softmax, the one-hot row
    /// of its largest value (a target's form); otherwise the values themselves.
    private func feedback(_ output: Tensor) -> Tensor {
        guard activation == .softmax else { return output }
        var chosen = Tensor(shape: output.shape)
        for n in 0..<batch {
            let row = output.scalars[(n * outputs)..<((n + 1) * outputs)]
            // A slice keeps the indices of the whole, so `best` is the place in `chosen` too.
            if let best = row.indices.max(by: { row[$0] < row[$1] }) { chosen.scalars[best] = 1 }
        }
        return chosen
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
        let dStates = projection.backward(outputGradient.reshaped([batch * steps, outputs]), needsInputGradient: true)!
        guard let dx = cell.backward(dStates.reshaped([batch, steps, hidden]), needsInputGradient: needsInputGradient) else {
            return nil
        }
        // v reaches every step: its gradient is the sum over steps of the input gradient's first E values.
        let width = context + outputs
        var dv = Tensor(shape: [batch, context])
        for n in 0..<batch {
            for t in 0..<steps {
                let at = (n * steps + t) * width
                for j in 0..<context { dv.scalars[n * context + j] += dx.scalars[at + j] }
            }
        }
        return dv
    }

    public func lastSteps() -> [RecurrentStep] { cell.lastSteps() }

    public var description: String {
        "Decoder(\(context) => \(hidden) => \(steps)x\(outputs)\(activation == .linear ? "" : ", \(activation.rawValue)"))"
    }
}
