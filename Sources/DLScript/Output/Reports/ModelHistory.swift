import DLCore

/// What `table` shows: every epoch a model has trained, the one with the lowest monitored loss
/// marked.
public struct ModelHistory: Sendable {
    public var model: String
    public var records: [EpochRecord]
    /// Whether each epoch's seconds are shown.
    public var showsSeconds: Bool

    /// The history as a table with a `best` column.
    public var table: Table {
        let validation = records.contains { $0.validationLoss != nil }
        let layout = LossTable(
            accuracy: records.contains { $0.accuracy != nil }, validation: validation, seconds: showsSeconds)
        let best = records.min { $0.monitoredLoss < $1.monitoredLoss }?.epoch
        let columns = layout.columns + ["best"]
        return Table(
            title: "history of \(model)", columns: columns, alignments: columns.map { _ in .right },
            rows: records.map { layout.cells($0) + ($0.epoch == best ? ["*"] : [""]) },
            footer: best.map { ["* lowest \(validation ? "val_loss" : "loss"): epoch \($0)"] } ?? [])
    }
}
