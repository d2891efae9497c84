/// What a run of DL code reports to a front end: data, not formatting. Each front end renders
/// events in its own medium (the REPL as text, the kernel as mime bundles); `TextRenderer`,
/// `HTMLRenderer` and `SVGRenderer` do the rendering.
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
    /// A finished table.
    case table(Table)
    /// A line of a table that grows while training runs: the header first, then a row per epoch,
    /// then the footer.
    case lossTable(LossTable.Line)
    /// A finished line plot.
    case plot(LinePlot)
    /// The decision regions of a 2-D classifier.
    case regions(RegionPlot)
    /// Grey images with captions: samples of an image data set, an autoencoder's reconstructions.
    case images(ImageStrip)
    /// A progress update that replaces the previous one with the same `id`; `nil` text clears it.
    case progress(id: String, BatchProgressText?)
    /// An error in the code or in what it asked for; the run stops after it.
    case error(Diagnostic)
}

/// A one-line description of training progress within an epoch.
public struct BatchProgressText: Sendable, Equatable {
    public var line: String
}
