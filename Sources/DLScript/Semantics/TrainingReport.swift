import DLCore

/// Turns DLCore's training events into output events: a progress line per batch (throttled), and
/// the loss table after each change (started, a row per epoch, ended).
public final class TrainingReport: @unchecked Sendable {
    private let sink: @Sendable (OutputEvent) -> Void
    private var table: LossTable
    private let epochOffset: Int
    private var lastProgress = -1.0
    /// The seconds of this run's finished epochs, validation included, for the time left.
    private var finishedSeconds = 0.0
    private var finishedEpochs = 0
    /// Every batch's loss so far, one per update: the model's `batch_loss`.
    public private(set) var batchLosses: [Float] = []

    /// A report for a run with or without accuracy and validation metrics; epochs are numbered
    /// after `epochOffset` earlier ones, and `seconds` shows each epoch's time.
    public init(
        accuracy: Bool, validation: Bool, seconds: Bool = true, epochOffset: Int = 0,
        sink: @escaping @Sendable (OutputEvent) -> Void
    ) {
        self.sink = sink
        self.epochOffset = epochOffset
        table = LossTable(accuracy: accuracy, validation: validation, seconds: seconds)
    }

    /// Handles one training event; called on the training thread.
    public func handle(_ event: TrainingEvent) {
        switch event {
        case let .started(_, batches, samples, loss, optimizer):
            let batching = batches == 1 ? "full batch" : "\(NumberText.grouped(batches)) batches"
            sink(.note("\(NumberText.count(samples, "sample")), \(batching) per epoch, \(optimizer), loss \(loss)"))
            sink(.lossTable(table))
        case let .batchFinished(progress):
            batchLosses.append(progress.loss)
            // At most ten updates a second, and always the last batch of an epoch.
            guard progress.elapsed - lastProgress >= 0.1 || progress.batch == progress.batches else { return }
            lastProgress = progress.elapsed
            // The time left in the whole run: this epoch's rest at its pace so far, then each
            // later epoch at the mean of the finished ones (or at this epoch's pace before any).
            let perBatch = progress.elapsed / Double(progress.batch)
            let perEpoch = finishedEpochs > 0 ? finishedSeconds / Double(finishedEpochs) : perBatch * Double(progress.batches)
            let remaining =
                Double(progress.batches - progress.batch) * perBatch + Double(progress.epochs - progress.epoch) * perEpoch
            let line =
                "epoch \(progress.epoch + epochOffset)/\(progress.epochs + epochOffset)  batch \(progress.batch)/\(progress.batches)  loss \(NumberText.significant(progress.runningLoss))  \(Int(progress.samplesPerSecond)) samples/s  ETA \(NumberText.fixed(remaining, decimals: 1)) s"
            sink(.progress(id: "training", BatchProgressText(line: line)))
        case let .epochFinished(record, isBest):
            lastProgress = -1
            finishedSeconds += record.seconds
            finishedEpochs += 1
            sink(.progress(id: "training", nil))
            table.append(renumbered(record), isBest: isBest)
            sink(.lossTable(table))
        }
    }

    /// Reports how training ended.
    public func finish(_ outcome: TrainingOutcome) {
        sink(.progress(id: "training", nil))
        var outcome = outcome
        outcome.history = outcome.history.map(renumbered)
        outcome.bestEpoch = outcome.bestEpoch.map { $0 + epochOffset }
        switch outcome.reason {
        case let .earlyStopped(best): outcome.reason = .earlyStopped(bestEpoch: best + epochOffset)
        case let .cancelled(epoch, batch): outcome.reason = .cancelled(epoch: epoch + epochOffset, batch: batch)
        case let .diverged(epoch, batch, message):
            outcome.reason = .diverged(epoch: epoch + epochOffset, batch: batch, message: message)
        case .completed: break
        }
        table.finish(outcome)
        sink(.lossTable(table))
    }

    /// `record` numbered after the earlier epochs.
    public func renumbered(_ record: EpochRecord) -> EpochRecord {
        var record = record
        record.epoch += epochOffset
        return record
    }
}
