extension Trainer {
    /// One forward and backward pass of `model` over all of `data` as a single batch, in
    /// inference mode (no dropout, a decoder fed the targets as in training), without an update:
    /// sets every parameter's gradient and returns the loss, so a front end can show what
    /// backpropagation computes.
    public static func backpropagate(_ model: Sequential, on data: Dataset, loss: LossKind? = nil) throws(ModelError) -> Float {
        var pass = try BatchPass(model: model, data: data, loss: loss)
        let (_, value) = pass.run(0..<data.count, training: false, teacher: true)
        model.backward(pass.gradient)
        return value
    }
}
