import DLCore

/// Turns DLCore's training events into output events: a progress line per batch (throttled),
/// the loss table's header, a row per epoch, and its footer.
public final class TrainingReport: @unchecked Sendable {
    private let sink: @Sendable (OutputEvent) -> Void
    private let table: LossTable
    private var lastProgress = -1.0

    /// A report for a run with or without accuracy and validation metrics.
    public init(accuracy: Bool, validation: Bool, sink: @escaping @Sendable (OutputEvent) -> Void) {
        self.sink = sink
        table = LossTable(accuracy: accuracy, validation: validation)
    }

    /// Handles one training event; called on the training thread.
    public func handle(_ event: TrainingEvent) {
        switch event {
        case .started:
            sink(.lossTable(.header(table.columns)))
        case let .batchFinished(progress):
            // At most ten updates a second, and always the last batch of an epoch.
            guard progress.elapsed - lastProgress >= 0.1 || progress.batch == progress.batches else { return }
            lastProgress = progress.elapsed
            let remaining = Double(progress.batches - progress.batch) * progress.elapsed / Double(progress.batch)
            let line =
                "epoch \(progress.epoch)/\(progress.epochs)  batch \(progress.batch)/\(progress.batches)  loss \(LossTable.format(progress.runningLoss))  \(Int(progress.samplesPerSecond)) samples/s  ETA \(LossTable.fixed(remaining, decimals: 1)) s"
            sink(.progress(id: "training", BatchProgressText(line: line)))
        case let .epochFinished(record, isBest):
            lastProgress = -1
            sink(.lossTable(.row(table.cells(record), columns: table.columns, isBest: isBest)))
        }
    }

    /// Reports how training ended.
    public func finish(_ outcome: TrainingOutcome) {
        sink(.lossTable(.footer(table.footer(outcome))))
    }
}
