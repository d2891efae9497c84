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

    init(name: String, clauses: [Clause], layers: [LayerSpec], network: Sequential?, seed: UInt64) {
        self.name = name
        self.clauses = clauses
        self.layers = layers
        self.network = network
        self.seed = seed
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
