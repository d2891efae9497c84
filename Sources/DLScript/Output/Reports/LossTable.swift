import DLCore

/// The per-epoch table of a training run: which metrics it shows, the epochs so far, and how the
/// run ended. Training sends it after each change, so a front end that streams prints its newest
/// part and one that redraws shows it whole. As text:
///
/// ```
///  epoch    loss  accuracy  val_loss  val_accuracy      lr  seconds
///      1  0.5012    0.8231    0.4123        0.8512  0.0010     0.64
///      2  0.3711    0.8655    0.3788        0.8623  0.0010     0.62 *
/// * best epoch (lowest val_loss)
/// finished: 2 epochs
/// ```
public struct LossTable: Sendable {
    /// An epoch's numbers; `isBest` marks a new lowest monitored loss.
    public struct Row: Sendable {
        public var record: EpochRecord
        public var isBest: Bool
    }

    /// A part of the table, in the order training produces them.
    public enum Part: Sendable, Equatable {
        case header
        case row(Int)
        case footer
    }

    public let showsAccuracy: Bool
    public let showsValidation: Bool
    public let showsSeconds: Bool
    /// The epochs so far.
    public private(set) var rows: [Row] = []
    /// How training ended, once it has.
    public private(set) var outcome: TrainingOutcome?

    /// A table for a run with or without accuracy and validation metrics, and with or without
    /// each epoch's seconds.
    public init(accuracy: Bool, validation: Bool, seconds: Bool = true) {
        showsAccuracy = accuracy
        showsValidation = validation
        showsSeconds = seconds
    }

    /// Adds an epoch's row.
    public mutating func append(_ record: EpochRecord, isBest: Bool) {
        rows.append(Row(record: record, isBest: isBest))
    }

    /// Ends the table with how training ended.
    public mutating func finish(_ outcome: TrainingOutcome) { self.outcome = outcome }

    /// The table with at most `limit` rows (at least 6): the first three, the latest best one and
    /// the last ones, in epoch order. Renderers mark each gap, where the epoch numbers jump. What
    /// a notebook redraws in place, so that a long training costs the same as a short one.
    public func bounded(rowsAtMost limit: Int) -> LossTable {
        let limit = Swift.max(limit, 6)
        guard rows.count > limit else { return self }
        let best = rows.lastIndex { $0.isBest }
        var kept = Array(0..<3)
        if let best, best >= 3, best < rows.count - (limit - 4) { kept.append(best) }
        kept += (rows.count - (limit - kept.count))..<rows.count
        var table = self
        table.rows = kept.map { rows[$0] }
        return table
    }

    /// The epochs left out before row `index` of a bounded table: the gap in its epoch numbers.
    public func epochsLeftOut(before index: Int) -> Int {
        index == 0 ? 0 : rows[index].record.epoch - rows[index - 1].record.epoch - 1
    }

    /// The part added last.
    public var newest: Part { outcome != nil ? .footer : rows.isEmpty ? .header : .row(rows.count - 1) }

    /// The column names, for the metrics this run has.
    public var columns: [String] {
        ["epoch", "loss"] + (showsAccuracy ? ["accuracy"] : []) + (showsValidation ? ["val_loss"] : [])
            + (showsValidation && showsAccuracy ? ["val_accuracy"] : []) + ["lr"] + (showsSeconds ? ["seconds"] : [])
    }

    /// The cells of an epoch's row, under `columns`.
    public func cells(_ record: EpochRecord) -> [String] {
        var cells = [String(record.epoch), NumberText.significant(record.loss)]
        if showsAccuracy { cells.append(record.accuracy.map { NumberText.significant($0) } ?? "-") }
        if showsValidation { cells.append(record.validationLoss.map { NumberText.significant($0) } ?? "-") }
        if showsValidation && showsAccuracy { cells.append(record.validationAccuracy.map { NumberText.significant($0) } ?? "-") }
        cells.append(NumberText.significant(record.learningRate, 2))
        if showsSeconds { cells.append(NumberText.fixed(record.seconds, decimals: 2)) }
        return cells
    }

    /// The lines under the table: the best epoch and how training ended; none before it has.
    public var footer: [String] { outcome.map(footer) ?? [] }

    /// The footer lines for how training ended.
    public func footer(_ outcome: TrainingOutcome) -> [String] {
        var lines: [String] = []
        if let best = outcome.bestEpoch, outcome.history.count > 1 {
            lines.append("* best epoch: \(best) (lowest \(showsValidation ? "val_loss" : "loss"))")
        }
        switch outcome.reason {
        case .completed:
            lines.append("finished: \(outcome.history.count) epoch\(outcome.history.count == 1 ? "" : "s")")
        case let .earlyStopped(best):
            lines.append(
                "stopped early after epoch \(outcome.history.count): no better \(showsValidation ? "val_loss" : "loss") for a while; restored the weights of epoch \(best)"
            )
        case let .cancelled(epoch, batch):
            lines.append(Self.interruption(epoch: epoch, batch: batch))
        case let .diverged(_, _, message):
            lines.append("diverged: \(message)")
        }
        return lines
    }

    /// The finished run in one line, `5 epochs in 0.052 s`; nil until it has ended. What a
    /// notebook's live table becomes when the whole table is published anew.
    public var runLine: String? {
        guard let outcome else { return nil }
        let seconds = outcome.history.reduce(0) { $0 + $1.seconds }
        let time = NumberText.fixed(seconds, decimals: seconds < 1 ? 3 : seconds < 100 ? 2 : 0)
        return "\(NumberText.count(outcome.history.count, "epoch")) in \(time) s"
    }

    /// Where an interrupted training stopped, and what the model keeps.
    public static func interruption(epoch: Int, batch: Int) -> String {
        batch == 0
            ? "interrupted at the start of epoch \(epoch); the model keeps the weights of the last finished batch"
            : "interrupted in epoch \(epoch); the model keeps the weights after batch \(batch)"
    }
}
