/// One batch through a model and its loss, as training and evaluation both run it: gathers the
/// inputs and targets of some samples into buffers kept between batches, runs the forward pass
/// (stopping before the output activation when the loss takes it over) and computes the loss and
/// its gradient with respect to the output.
///
/// The loss set-up lives here once, for training, validation, evaluation and backpropagation
/// alike: the data must fit the model's input, targets are encoded for its output, the loss is
/// the one asked for or the one that fits the output activation, and it is fused with that
/// activation when it can take it over.
struct BatchPass {
    let model: Sequential
    let data: Dataset
    let encoder: TargetEncoder
    /// The loss chosen (asked for, or the one that fits the model's output).
    let lossKind: LossKind
    let loss: any Loss
    /// Whether the loss takes over the model's output activation.
    let fused: Bool
    /// `∂loss/∂output` of the latest batch, for the backward pass.
    private(set) var gradient = Tensor(shape: [0])
    private var inputs = Tensor(shape: [0])
    private var targets = Tensor(shape: [0])

    /// Batches of `data` through `model` and `loss` (by default the loss that fits the model's
    /// output); throws when the data does not fit the model.
    init(model: Sequential, data: Dataset, loss: LossKind?) throws(ModelError) {
        guard data.samples.width == model.inputShape.product else {
            throw ModelError(
                "the model takes input \(Shape.format(model.inputShape)) (\(model.inputShape.product) values) but '\(data.name)' has samples of \(Shape.format(data.samples.shape)) (\(data.samples.width) values)"
            )
        }
        self.model = model
        self.data = data
        encoder = try TargetEncoder(model: model, data: data)
        lossKind = loss ?? LossKind.fitting(activation: model.outputActivation, outputWidth: encoder.width)
        self.loss = lossKind.loss
        fused = self.loss.fusedActivation != nil && self.loss.fusedActivation == model.outputActivation
    }

    /// Scales the latest loss gradient: a shard's share of the mean over its whole batch.
    mutating func scaleGradient(by factor: Float) {
        gradient.scalars.withUnsafeMutableBufferPointer { g in
            for i in g.indices { g[i] *= factor }
        }
    }

    /// The model's output for samples `indices` and the loss on them. With `teacher` (by default
    /// while training), a decoder at the model's end is fed the targets (teacher forcing).
    mutating func run<C: Collection>(_ indices: C, training: Bool, teacher: Bool? = nil) -> (output: Tensor, loss: Float)
    where C.Element == Int {
        let (samples, encoder) = (data.samples, self.encoder)
        inputs.resize(to: [indices.count, model.inputShape.product])
        targets.resize(to: [indices.count, encoder.width])
        inputs.scalars.withUnsafeMutableBufferPointer { samples.gather(indices, into: $0.baseAddress!) }
        targets.scalars.withUnsafeMutableBufferPointer { encoder.fill(indices, into: $0.baseAddress!) }
        let output = model.forward(inputs, training: training, logits: fused, teacher: (teacher ?? training) ? targets : nil)
        targets.reshape(output.shape)
        let value =
            fused
            ? loss.value(logits: output, target: targets, gradient: &gradient)
            : loss.value(prediction: output, target: targets, gradient: &gradient)
        return (output, value)
    }
}
