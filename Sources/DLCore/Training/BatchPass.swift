/// One batch through a model and its loss, as training and evaluation both run it: gathers the
/// inputs and targets of some samples into buffers kept between batches, runs the forward pass
/// (stopping before the output activation when the loss takes it over) and computes the loss and
/// its gradient with respect to the output.
struct BatchPass {
    let model: Sequential
    let samples: Samples
    let encoder: TargetEncoder
    let loss: any Loss
    /// Whether the loss takes over the model's output activation.
    let fused: Bool
    /// `∂loss/∂output` of the latest batch, for the backward pass.
    private(set) var gradient = Tensor(shape: [0])
    private var inputs = Tensor(shape: [0])
    private var targets = Tensor(shape: [0])

    init(model: Sequential, samples: Samples, encoder: TargetEncoder, loss: any Loss, fused: Bool) {
        self.model = model
        self.samples = samples
        self.encoder = encoder
        self.loss = loss
        self.fused = fused
    }

    /// The model's output for samples `indices` and the loss on them.
    mutating func run<C: Collection>(_ indices: C, training: Bool) -> (output: Tensor, loss: Float) where C.Element == Int {
        let (samples, encoder) = (self.samples, self.encoder)
        inputs.resize(to: [indices.count, model.inputShape.product])
        targets.resize(to: [indices.count, encoder.width])
        inputs.scalars.withUnsafeMutableBufferPointer { samples.gather(indices, into: $0.baseAddress!) }
        targets.scalars.withUnsafeMutableBufferPointer { encoder.fill(indices, into: $0.baseAddress!) }
        let output = model.forward(inputs, training: training, logits: fused)
        targets.reshape(output.shape)
        let value =
            fused
            ? loss.value(logits: output, target: targets, gradient: &gradient)
            : loss.value(prediction: output, target: targets, gradient: &gradient)
        return (output, value)
    }
}
