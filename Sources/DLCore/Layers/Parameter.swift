/// A trainable tensor and the gradient of the loss with respect to it.
///
/// A class, because identity matters: the layer that owns it writes the gradient, and an
/// optimizer updates the value and keeps its own state for it.
public final class Parameter {
    /// A name unique within its layer, such as `weight` or `bias`.
    public let name: String
    /// The current value.
    public var value: Tensor
    /// The gradient from the latest backward pass; same shape as `value`.
    public var gradient: Tensor
    /// False for state that is saved with the model but not learned by gradient (batch
    /// normalization's running statistics); optimizers skip it.
    public let trainable: Bool

    /// A parameter with this initial value and a zero gradient.
    public init(name: String, value: Tensor, trainable: Bool = true) {
        self.name = name
        self.value = value
        self.gradient = Tensor(shape: value.shape)
        self.trainable = trainable
    }
}
