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
    /// What it remembers between steps (momenta, squared-gradient sums, the step count), so that
    /// a training continued later, or after a save and load, goes on where it stopped.
    var state: OptimizerState { get }
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

    /// The learning rate.
    public var learningRate: Float {
        switch self {
        case let .gd(lr), let .sgd(lr, _, _), let .adagrad(lr, _), let .rmsprop(lr, _, _), let .adam(lr, _, _, _),
            let .adamw(lr, _, _, _, _):
            lr
        }
    }

    /// Whether `other` is the same optimizer with the same settings, whatever its learning rate:
    /// then what one has learnt of the gradients holds for the other.
    public func continues(_ other: OptimizerSpec) -> Bool {
        withLearningRate(1) == other.withLearningRate(1)
    }

    /// The optimizer's name, as the language spells it.
    public var name: String {
        switch self {
        case .gd: "gd"
        case .sgd: "sgd"
        case .adagrad: "adagrad"
        case .rmsprop: "rmsprop"
        case .adam: "adam"
        case .adamw: "adamw"
        }
    }

    /// The same settings with learning rate `lr`.
    public func withLearningRate(_ lr: Float) -> OptimizerSpec {
        switch self {
        case .gd: .gd(learningRate: lr)
        case let .sgd(_, momentum, nesterov): .sgd(learningRate: lr, momentum: momentum, nesterov: nesterov)
        case let .adagrad(_, epsilon): .adagrad(learningRate: lr, epsilon: epsilon)
        case let .rmsprop(_, rho, epsilon): .rmsprop(learningRate: lr, rho: rho, epsilon: epsilon)
        case let .adam(_, b1, b2, epsilon): .adam(learningRate: lr, beta1: b1, beta2: b2, epsilon: epsilon)
        case let .adamw(_, b1, b2, epsilon, decay):
            .adamw(learningRate: lr, beta1: b1, beta2: b2, epsilon: epsilon, weightDecay: decay)
        }
    }

    /// How many buffers the size of a parameter the optimizer keeps for each one.
    public var buffersPerParameter: Int {
        switch self {
        case .gd: 0
        case let .sgd(_, momentum, _): momentum == 0 ? 0 : 1
        case .adagrad, .rmsprop: 1
        case .adam, .adamw: 2
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
/// and owned here so their addresses stay valid across steps, and how many steps it has taken.
public final class OptimizerState {
    private var buffers: [UnsafeMutableBufferPointer<Float>] = []
    /// The steps taken so far.
    public private(set) var steps = 0

    init() {}

    deinit { for buffer in buffers { buffer.deallocate() } }

    /// A copy of each buffer, parameter by parameter (empty before the first step).
    public var values: [[Float]] { buffers.map(Array.init) }

    /// Takes `values` (as `values` gave them) and `steps` as its own, replacing what it had.
    public func restore(_ values: [[Float]], steps: Int) {
        for buffer in buffers { buffer.deallocate() }
        buffers = values.map { values in
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: values.count)
            _ = buffer.initialize(from: values)
            return buffer
        }
        self.steps = steps
    }

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
        steps += 1
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
