/// How far a batch of predictions is from its targets, and which way to move them.
///
/// Every loss is a mean over the batch, so its value does not depend on the batch size.
public protocol Loss: Sendable, CustomStringConvertible {
    /// The activation this loss can take over (`softmax` for cross-entropy, `sigmoid` for binary
    /// cross-entropy): when a model ends in it, training passes the values before it to
    /// `value(logits:target:gradient:)`, which is exact where the two computed apart would
    /// overflow or lose precision.
    var fusedActivation: Activation? { get }

    /// The loss of `prediction` against `target` (same shape); writes `∂loss/∂prediction`
    /// into `gradient`.
    func value(prediction: Tensor, target: Tensor, gradient: inout Tensor) -> Float

    /// The loss of `fusedActivation(logits)` against `target`; writes `∂loss/∂logits` into
    /// `gradient`. Only called when `fusedActivation` is not nil.
    func value(logits: Tensor, target: Tensor, gradient: inout Tensor) -> Float
}

extension Loss {
    public var fusedActivation: Activation? { nil }

    public func value(logits: Tensor, target: Tensor, gradient: inout Tensor) -> Float {
        preconditionFailure("\(self) fuses no activation")
    }

    /// The loss alone, without a gradient.
    public func value(prediction: Tensor, target: Tensor) -> Float {
        var gradient = Tensor(shape: prediction.shape)
        return value(prediction: prediction, target: target, gradient: &gradient)
    }
}

/// The loss functions by name, as the language and saved files spell them.
public enum LossKind: String, Codable, CaseIterable, Sendable {
    case meanSquaredError = "mse"
    case crossEntropy = "crossentropy"
    case binaryCrossEntropy = "binary_crossentropy"

    /// The loss this name stands for.
    public var loss: any Loss {
        switch self {
        case .meanSquaredError: MeanSquaredError()
        case .crossEntropy: CrossEntropy()
        case .binaryCrossEntropy: BinaryCrossEntropy()
        }
    }

    /// The loss that fits a model's last activation and output width: softmax → cross-entropy,
    /// one sigmoid unit → binary cross-entropy, anything else → mean squared error.
    public static func fitting(activation: Activation?, outputWidth: Int) -> LossKind {
        switch activation {
        case .softmax: .crossEntropy
        case .sigmoid where outputWidth == 1: .binaryCrossEntropy
        default: .meanSquaredError
        }
    }
}

/// Sums `body(i)` over `0..<count` in fixed chunks, on the pool, combining in chunk order so the
/// result depends only on the data and the thread count. Double accumulators keep losses exact.
func deterministicSum(_ count: Int, grain: Int = Elementwise.grain, _ body: @escaping (Range<Int>) -> Double) -> Double {
    let ranges = ThreadPool.shared.partition(count, grain: grain)
    if ranges.count <= 1 { return body(0..<count) }
    let partials = UnsafeMutableBufferPointer<Double>.allocate(capacity: ranges.count)
    defer { partials.deallocate() }
    ThreadPool.shared.parallelFor(ranges.count, grain: 1) { parts in
        for part in parts { partials[part] = body(ranges[part]) }
    }
    return partials.reduce(0, +)
}
