/// The best epoch so far, by its monitored loss (the validation loss when there is one), and,
/// with `patience`, its weights: what early stopping and the final restore decide from.
struct EarlyStopping {
    /// Epochs without a better loss before training stops; nil never stops early.
    let patience: Int?
    private var best: (epoch: Int, loss: Float, weights: [Tensor])?
    private var sinceBest = 0

    init(patience: Int?) { self.patience = patience }

    /// The best epoch so far, if one has finished.
    var bestEpoch: Int? { best?.epoch }

    /// Records a finished epoch of `model`; true when it is the best so far (its weights are kept
    /// when there is a patience to restore them for).
    mutating func record(_ record: EpochRecord, of model: Sequential) -> Bool {
        let isBest = best.map { record.monitoredLoss < $0.loss } ?? true
        if isBest {
            best = (record.epoch, record.monitoredLoss, patience == nil ? [] : model.snapshot())
            sinceBest = 0
        } else {
            sinceBest += 1
        }
        return isBest
    }

    /// Whether training stops after `epoch` of `epochs`: `patience` epochs have passed without a
    /// better loss, and epochs are left that it would otherwise run.
    func stops(after epoch: Int, of epochs: Int) -> Bool {
        guard let patience else { return false }
        return sinceBest >= patience && epoch < epochs
    }

    /// Puts the best epoch's weights back into `model`, when a patience kept them and a later
    /// epoch was not the best.
    func restoreBest(into model: Sequential, lastEpoch: Int) {
        guard patience != nil, let best, best.epoch != lastEpoch else { return }
        model.restore(best.weights)
    }
}
