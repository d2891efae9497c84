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

    /// A parameter with this initial value and a zero gradient.
    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = Tensor(shape: value.shape)
    }
}
