/// A model as a file holds it: its network, how far it has trained, and what the front end that
/// saved it wrote beside them.
public struct SavedModel {
    public var network: Sequential
    /// Its training so far, when it was saved after training.
    public var training: TrainingState?
    /// Strings the saver added (such as the names of layers), under their keys.
    public var notes: [String: String]

    public init(network: Sequential, training: TrainingState? = nil, notes: [String: String] = [:]) {
        self.network = network
        self.training = training
        self.notes = notes
    }
}

/// How far a model has trained: every epoch's record and every update's loss, and its
/// optimizer with what it remembers, so that a later training goes on where this one stopped.
public struct TrainingState: Sendable, Equatable {
    public var history: [EpochRecord]
    public var batchLosses: [Float]
    /// The optimizer last used, and its memory (see `OptimizerState`): its steps, and a buffer
    /// per trainable parameter and kind (`buffersPerParameter`), parameter by parameter.
    public var optimizer: OptimizerSpec?
    public var optimizerSteps: Int
    public var optimizerValues: [[Float]]

    public init(
        history: [EpochRecord], batchLosses: [Float], optimizer: OptimizerSpec? = nil, optimizerSteps: Int = 0,
        optimizerValues: [[Float]] = []
    ) {
        self.history = history
        self.batchLosses = batchLosses
        self.optimizer = optimizer
        self.optimizerSteps = optimizerSteps
        self.optimizerValues = optimizerValues
    }

    /// A training whose optimizer is `optimizer`, made from `spec`, with what it remembers now.
    public init(
        history: [EpochRecord], batchLosses: [Float], optimizer: (spec: OptimizerSpec, optimizer: any Optimizer)?
    ) {
        let state = optimizer?.optimizer.state
        self.init(
            history: history, batchLosses: batchLosses, optimizer: optimizer?.spec, optimizerSteps: state?.steps ?? 0,
            optimizerValues: state?.values ?? [])
    }

    /// The optimizer it describes, remembering what this one did; nil without one.
    public func makeOptimizer() -> (any Optimizer)? {
        guard let optimizer else { return nil }
        let made = optimizer.make()
        made.state.restore(optimizerValues, steps: optimizerSteps)
        return made
    }
}
