import DLCore

/// A model in a session: its layers, its network once the input shape is known, and the
/// history of every epoch it has trained.
final class ModelEntry {
    let name: String
    /// The layers as declared, for messages that point at them.
    let clauses: [Clause]
    /// The layers; the input shape may wait for the first data set.
    let layers: [LayerSpec]
    /// The network, built when the input shape is known.
    var network: Sequential?
    /// One record per epoch trained, numbered across `train` statements.
    var history: [EpochRecord] = []
    /// The loss of every batch trained, one per update, across `train` statements.
    var batchLosses: [Float] = []
    /// Seeds the initial weights.
    let seed: UInt64
    /// The layers named with `as`, each with its position (`dense 4 relu as hidden`).
    let layerNames: [String: Int]
    /// The optimizer of the last training, with what it remembers: the next `train` with the
    /// same kind of optimizer goes on with it, as a second `fit` does in Keras.
    var optimizer: (spec: OptimizerSpec, optimizer: any Optimizer)?

    init(
        name: String, clauses: [Clause], layers: [LayerSpec], network: Sequential?, seed: UInt64,
        layerNames: [String: Int] = [:]
    ) {
        self.name = name
        self.clauses = clauses
        self.layers = layers
        self.network = network
        self.seed = seed
        self.layerNames = layerNames
    }

    /// Its training so far, as a saved file keeps it.
    var trainingState: TrainingState {
        TrainingState(history: history, batchLosses: batchLosses, optimizer: optimizer)
    }

    /// The optimizer to train with `spec`: the last one when it is the same kind with the same
    /// settings (its learning rate may differ), else a fresh one; kept for the next training.
    func optimizer(for spec: OptimizerSpec) -> any Optimizer {
        if let kept = optimizer, kept.spec.continues(spec) {
            optimizer = (spec, kept.optimizer)
            return kept.optimizer
        }
        let made = spec.make()
        optimizer = (spec, made)
        return made
    }

    /// A series of the history by name (`loss`, `val_loss`, …); nil for an unknown name.
    func series(_ name: String) -> [Float]? {
        switch name {
        case "loss": history.map(\.loss)
        case "accuracy": history.compactMap(\.accuracy)
        case "val_loss": history.compactMap(\.validationLoss)
        case "val_accuracy": history.compactMap(\.validationAccuracy)
        case "lr": history.map(\.learningRate)
        case "batch_loss": batchLosses
        default: nil
        }
    }

    var description: String {
        guard let network else {
            return
                "model \(name): \(NumberText.count(layers.count, "layer")), input shape not known yet (it comes from the first data set it trains on)"
        }
        let trained = history.isEmpty ? "not trained yet" : "trained \(history.count) epoch\(history.count == 1 ? "" : "s")"
        return "\(network.description)\n\(trained)"
    }
}
