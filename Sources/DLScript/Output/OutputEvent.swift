/// What a run of DL code reports to a front end: data, not formatting. Each front end renders
/// events in its own medium (the REPL as text, the kernel as mime bundles) through
/// `TextRenderer`, `HTMLRenderer` and `SVGRenderer`.
public enum OutputEvent: Sendable {
    /// Text for standard output, from `print` and `help`.
    case text(String)
    /// What a statement did, for the record: "loaded …", a model's layers, what training will do.
    /// Quiet front ends leave notes out.
    case note(String)
    /// Advice about code that ran but may not do what was meant; shown on standard error, after
    /// `warning: `.
    case warning(String)
    /// The value of a bare expression, shown as the cell's result.
    case result(String)
    /// A model's layers, from `summary`.
    case summary(ModelSummary)
    /// A model's loss and accuracy on a data set, from `evaluate`.
    case evaluation(EvaluationReport)
    /// How a classifier's predictions fall, after its evaluation.
    case confusion(ConfusionMatrix)
    /// A model's outputs for the first samples of a data set, from `predict`.
    case predictions(Predictions)
    /// A model's strings for the first samples of a data set with a class per step, from
    /// `predict`.
    case sequencePredictions(SequencePredictions)
    /// Every epoch a model has trained, from `table`.
    case history(ModelHistory)
    /// The session's names and what each holds, from `who`.
    case names(SessionNames)
    /// The loss table of a running training after each change: started, a row per epoch, ended.
    /// A front end that streams shows its `newest` part; one that redraws shows it whole.
    case lossTable(LossTable)
    /// One sample's forward and backward pass, from `trace`.
    case trace(Trace)
    /// A finished line plot.
    case plot(LinePlot)
    /// The decision regions of a 2-D classifier.
    case regions(RegionPlot)
    /// Grey images with captions: samples of an image data set, an autoencoder's reconstructions,
    /// a convolution's feature maps.
    case images(ImageStrip)
    /// A progress update that replaces the previous one with the same `id`; `nil` text clears it.
    case progress(id: String, BatchProgressText?)
    /// An error in the code or in what it asked for; the run stops after it.
    case error(Diagnostic)

    /// The event's table, for the events that are one.
    public var table: Table? {
        switch self {
        case let .summary(summary): summary.table
        case let .evaluation(report): report.table
        case let .confusion(matrix): matrix.table
        case let .predictions(predictions): predictions.table
        case let .sequencePredictions(predictions): predictions.table
        case let .history(history): history.table
        case let .names(names): names.table
        default: nil
        }
    }
}

/// A one-line description of progress: a training's batch, a checkpoint saved.
public struct BatchProgressText: Sendable, Equatable {
    public var line: String
}
