import DLCore
import Foundation

/// The per-epoch table of a training run, built row by row while it runs.
///
/// ```
///  epoch    loss  accuracy  val_loss  val_accuracy      lr  seconds
///      1  0.5012    0.8231    0.4123        0.8512  0.0010     0.64
///      2  0.3711    0.8655    0.3788        0.8623  0.0010     0.62 *
/// * best epoch (lowest val_loss)
/// finished: 2 epochs
/// ```
public struct LossTable: Sendable {
    /// One part of the table, in the order training produces them.
    public enum Line: Sendable, Equatable {
        case header([String])
        /// The formatted cells of an epoch under `columns`; `isBest` marks a new lowest monitored loss.
        case row([String], columns: [String], isBest: Bool)
        case footer([String])
    }

    /// The column names, for the metrics this run has.
    public let columns: [String]
    private let showsAccuracy: Bool
    private let showsValidation: Bool

    private let showsSeconds: Bool

    /// A table for a run with or without accuracy and validation metrics, and with or without
    /// each epoch's seconds.
    public init(accuracy: Bool, validation: Bool, seconds: Bool = true) {
        showsAccuracy = accuracy
        showsValidation = validation
        showsSeconds = seconds
        columns =
            ["epoch", "loss"] + (accuracy ? ["accuracy"] : []) + (validation ? ["val_loss"] : [])
            + (validation && accuracy ? ["val_accuracy"] : []) + ["lr"] + (seconds ? ["seconds"] : [])
    }

    /// The cells of a row, formatted.
    public func cells(_ record: EpochRecord) -> [String] {
        var cells = [String(record.epoch), NumberText.significant(record.loss)]
        if showsAccuracy { cells.append(record.accuracy.map { NumberText.significant($0) } ?? "-") }
        if showsValidation { cells.append(record.validationLoss.map { NumberText.significant($0) } ?? "-") }
        if showsValidation && showsAccuracy { cells.append(record.validationAccuracy.map { NumberText.significant($0) } ?? "-") }
        cells.append(NumberText.significant(record.learningRate, 2))
        if showsSeconds { cells.append(NumberText.fixed(record.seconds, decimals: 2)) }
        return cells
    }

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

    /// Where an interrupted training stopped, and what the model keeps.
    public static func interruption(epoch: Int, batch: Int) -> String {
        batch == 0
            ? "interrupted at the start of epoch \(epoch); the model keeps the weights of the last finished batch"
            : "interrupted in epoch \(epoch); the model keeps the weights after batch \(batch)"
    }

    /// A line of a table as plain text, each column right-aligned to its name or 7 characters.
    public static func render(_ line: Line) -> String {
        func widths(_ names: [String]) -> [Int] { names.map { Swift.max($0.count, 7) } }
        func join(_ cells: [String], widths: [Int]) -> String {
            zip(cells, widths).map { String(repeating: " ", count: Swift.max(0, $1 - $0.count)) + $0 }.joined(separator: "  ")
        }
        switch line {
        case let .header(names): return join(names, widths: widths(names))
        case let .row(cells, columns, isBest): return join(cells, widths: widths(columns)) + (isBest ? " *" : "")
        case let .footer(lines): return lines.joined(separator: "\n")
        }
    }

}
