#if canImport(Glibc)
    import Glibc
#endif

/// How to train: epochs, batches, optimizer, loss, validation and early stopping.
public struct TrainingOptions: Sendable {
    /// Where validation metrics come from.
    public enum Validation: Sendable {
        case none
        /// A shuffled fraction of the training data, held out.
        case fraction(Double)
        /// A separate data set.
        case dataset(Dataset)
    }

    /// How the learning rate changes between epochs.
    public enum Schedule: Sendable, Equatable, Codable {
        case constant
        /// Multiply the rate by `factor` every `every` epochs.
        case step(factor: Float, every: Int)

        /// The rate for a 1-based epoch, starting from `base`.
        public func rate(epoch: Int, base: Float) -> Float {
            switch self {
            case .constant: base
            case let .step(factor, every): base * powf(factor, Float((epoch - 1) / Swift.max(every, 1)))
            }
        }
    }

    /// Passes over the training data.
    public var epochs = 10
    /// Samples per update; nil trains on the whole set at once (full-batch gradient descent).
    public var batchSize: Int? = 32
    /// Whether to visit samples in a new random order each epoch.
    public var shuffle = true
    /// Seeds shuffling and the validation split.
    public var seed: UInt64 = 0
    /// The optimizer and its settings.
    public var optimizer: OptimizerSpec = .named("adam")!
    /// The loss; nil picks the one that fits the model's last layer (`LossKind.fitting`).
    public var loss: LossKind?
    /// Validation data, for `val_loss` and `val_accuracy`.
    public var validation: Validation = .none
    /// Stop after this many epochs without a better monitored loss (validation loss when there is
    /// validation data, training loss otherwise), and restore the best epoch's weights.
    public var patience: Int?
    /// The learning-rate schedule.
    public var schedule: Schedule = .constant
    /// When set, gradients whose global norm `√(Σ g²)` over all parameters exceeds this are
    /// scaled down to it before each update (helps recurrent networks whose gradients explode).
    public var clipNorm: Float?
    /// The processes that train together, each on its shard of every batch (one by default).
    public var communicator: any Communicator = SingleProcess()
    /// Into how many shards each process splits its part of every batch, computing their
    /// gradients one after another and adding them in order. One process with `n` shards
    /// computes what `n` processes of one shard each do, to the bit when `n` is 2.
    public var shards = 1

    public init(
        epochs: Int = 10, batchSize: Int? = 32, optimizer: OptimizerSpec = .named("adam")!, loss: LossKind? = nil,
        validation: Validation = .none, patience: Int? = nil, schedule: Schedule = .constant,
        clipNorm: Float? = nil, shuffle: Bool = true, seed: UInt64 = 0
    ) {
        self.clipNorm = clipNorm
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.loss = loss
        self.validation = validation
        self.patience = patience
        self.schedule = schedule
        self.shuffle = shuffle
        self.seed = seed
    }
}
