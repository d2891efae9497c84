/// The metrics of one finished epoch.
public struct EpochRecord: Sendable, Equatable, Codable {
    /// 1-based.
    public var epoch: Int
    /// The mean training loss over the epoch's batches.
    public var loss: Float
    /// The fraction of training samples classified right during the epoch (classification only).
    public var accuracy: Float?
    public var validationLoss: Float?
    public var validationAccuracy: Float?
    /// The learning rate used in this epoch.
    public var learningRate: Float
    /// Wall-clock seconds for the epoch, validation included.
    public var seconds: Double

    public init(
        epoch: Int, loss: Float, accuracy: Float? = nil, validationLoss: Float? = nil,
        validationAccuracy: Float? = nil, learningRate: Float, seconds: Double
    ) {
        self.epoch = epoch
        self.loss = loss
        self.accuracy = accuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.learningRate = learningRate
        self.seconds = seconds
    }

    /// The loss early stopping watches: validation loss when there is one.
    public var monitoredLoss: Float { validationLoss ?? loss }
}

/// Progress within an epoch, reported after each batch.
public struct BatchProgress: Sendable, Equatable, Codable {
    public var epoch: Int
    public var epochs: Int
    /// 1-based batch number within the epoch.
    public var batch: Int
    public var batches: Int
    /// This batch's loss, before its update: one point of the per-update history.
    public var loss: Float
    /// The mean loss of the epoch's batches so far.
    public var runningLoss: Float
    /// Training throughput so far this epoch.
    public var samplesPerSecond: Double
    /// Seconds since the epoch began.
    public var elapsed: Double
}

/// Why training ended.
public enum StopReason: Sendable, Equatable, Codable {
    /// All epochs ran.
    case completed
    /// The monitored loss did not improve for `patience` epochs; the weights of `bestEpoch` were restored.
    case earlyStopped(bestEpoch: Int)
    /// The caller cancelled; the model keeps the weights after the last finished batch
    /// (`batch` of `epoch`; batch 0 means none of that epoch had finished).
    case cancelled(epoch: Int, batch: Int)
    /// The loss stopped being a finite number; `message` says where and what to try.
    case diverged(epoch: Int, batch: Int, message: String)
}

/// What a training run reports while it runs.
public enum TrainingEvent: Sendable, Equatable, Codable {
    /// Training starts: `batches` updates per epoch over `samples` samples.
    case started(epochs: Int, batches: Int, samples: Int, loss: String, optimizer: String)
    case batchFinished(BatchProgress)
    /// An epoch ended; `isBest` marks the best monitored loss so far.
    case epochFinished(EpochRecord, isBest: Bool)
}

/// The result of a training run.
public struct TrainingOutcome: Sendable, Equatable, Codable {
    public var reason: StopReason
    /// One record per finished epoch.
    public var history: [EpochRecord]
    /// The 1-based epoch with the lowest monitored loss, if any epoch finished.
    public var bestEpoch: Int?

    public init(reason: StopReason, history: [EpochRecord], bestEpoch: Int?) {
        self.reason = reason
        self.history = history
        self.bestEpoch = bestEpoch
    }
}
