extension Trainer {
    /// One forward and backward pass of `model` over all of `data` as a single batch, in
    /// inference mode (no dropout), without an update: sets every parameter's gradient and
    /// returns the loss, so a front end can show what backpropagation computes.
    public static func backpropagate(_ model: Sequential, on data: Dataset, loss: LossKind? = nil) throws(ModelError) -> Float {
        try checkInputs(model, data)
        let encoder = try TargetEncoder(model: model, data: data)
        let kind = loss ?? LossKind.fitting(activation: model.outputActivation, outputWidth: encoder.width)
        let fn = kind.loss
        let fused = fn.fusedActivation != nil && fn.fusedActivation == model.outputActivation
        var pass = BatchPass(model: model, samples: data.samples, encoder: encoder, loss: fn, fused: fused)
        let (_, value) = pass.run(0..<data.count, training: false)
        model.backward(pass.gradient)
        return value
    }
}
