/// Updates parameters from their gradients after each batch.
///
/// An optimizer never knows which layer a parameter belongs to; it keeps per-parameter state
/// (velocities, moment estimates) in the order of the list it is given, which must be the same
/// list on every step.
public protocol Optimizer: AnyObject, CustomStringConvertible {
    /// The step size; a schedule may change it between epochs.
    var learningRate: Float { get set }
    /// Applies one update to every parameter from its current gradient.
    func step(_ parameters: [Parameter])
}

/// The optimizers by name, with their settings, as the language and saved files spell them.
///
/// Defaults (PyTorch's where it has one): `gd` and `sgd` lr 0.01, momentum 0; `adagrad` lr 0.01,
/// ε 1e-10; `rmsprop` lr 0.001, ρ 0.9, ε 1e-7; `adam` lr 0.001, β₁ 0.9, β₂ 0.999, ε 1e-8;
/// `adamw` the same as adam with weight decay 0.01.
public enum OptimizerSpec: Codable, Equatable, Sendable {
    /// Full-batch gradient descent: plain steps, with the trainer using the whole data set as
    /// one batch.
    case gd(learningRate: Float)
    /// Mini-batch stochastic gradient descent, with optional (Nesterov) momentum.
    case sgd(learningRate: Float, momentum: Float, nesterov: Bool)
    case adagrad(learningRate: Float, epsilon: Float)
    case rmsprop(learningRate: Float, rho: Float, epsilon: Float)
    case adam(learningRate: Float, beta1: Float, beta2: Float, epsilon: Float)
    case adamw(learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float)

    /// The names the language accepts.
    public static let names = ["gd", "sgd", "adagrad", "rmsprop", "adam", "adamw"]

    /// The optimizer `name` with its default settings and, if given, this learning rate.
    public static func named(_ name: String, learningRate: Float? = nil) -> OptimizerSpec? {
        switch name {
        case "gd": .gd(learningRate: learningRate ?? 0.01)
        case "sgd": .sgd(learningRate: learningRate ?? 0.01, momentum: 0, nesterov: false)
        case "adagrad": .adagrad(learningRate: learningRate ?? 0.01, epsilon: 1e-10)
        case "rmsprop": .rmsprop(learningRate: learningRate ?? 0.001, rho: 0.9, epsilon: 1e-7)
        case "adam": .adam(learningRate: learningRate ?? 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
        case "adamw": .adamw(learningRate: learningRate ?? 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01)
        default: nil
        }
    }

    /// True for `gd`, which trains on the whole data set as one batch.
    public var isFullBatch: Bool { if case .gd = self { true } else { false } }

    /// A fresh optimizer with these settings.
    public func make() -> any Optimizer {
        switch self {
        case let .gd(lr): SGD(learningRate: lr)
        case let .sgd(lr, momentum, nesterov): SGD(learningRate: lr, momentum: momentum, nesterov: nesterov)
        case let .adagrad(lr, epsilon): Adagrad(learningRate: lr, epsilon: epsilon)
        case let .rmsprop(lr, rho, epsilon): RMSprop(learningRate: lr, rho: rho, epsilon: epsilon)
        case let .adam(lr, b1, b2, epsilon): Adam(learningRate: lr, beta1: b1, beta2: b2, epsilon: epsilon)
        case let .adamw(lr, b1, b2, epsilon, decay):
            Adam(learningRate: lr, beta1: b1, beta2: b2, epsilon: epsilon, decoupledWeightDecay: decay)
        }
    }
}

/// Per-parameter state buffers of an optimizer (zeros at first), allocated on the first step
/// and owned here so their addresses stay valid across steps.
final class OptimizerState {
    private var buffers: [UnsafeMutableBufferPointer<Float>] = []

    deinit { for buffer in buffers { buffer.deallocate() } }

    /// Runs `update(range, value, gradient, states)` over each parameter in parallel ranges, where
    /// `states` holds `perParameter` buffers the size of that parameter.
    func forEach(
        _ parameters: [Parameter], perParameter: Int,
        _ update:
            @escaping (
                Range<Int>, UnsafeMutablePointer<Float>, UnsafePointer<Float>,
                [UnsafeMutablePointer<Float>]
            ) -> Void
    ) {
        if buffers.isEmpty {
            for parameter in parameters {
                for _ in 0..<perParameter {
                    let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: parameter.value.count)
                    buffer.initialize(repeating: 0)
                    buffers.append(buffer)
                }
            }
        }
        precondition(buffers.count == parameters.count * perParameter, "an optimizer was given a different parameter list")
        for (index, parameter) in parameters.enumerated() {
            let count = parameter.value.count
            let states = (0..<perParameter).map { buffers[index * perParameter + $0].baseAddress! }
            parameter.gradient.scalars.withUnsafeBufferPointer { g in
                parameter.value.scalars.withUnsafeMutableBufferPointer { p in
                    let (p, g) = (p.baseAddress!, g.baseAddress!)
                    Elementwise.parallel(count, grain: 1 << 14) { range in update(range, p, g, states) }
                }
            }
        }
    }
}
