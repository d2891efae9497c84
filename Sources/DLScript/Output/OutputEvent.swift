/// What a run of DL code reports to a front end: data, not formatting. Each front end renders
/// events in its own medium (the REPL as text, the kernel as mime bundles).
public enum OutputEvent: Sendable {
    /// Text for standard output.
    case text(String)
    /// A line of a table that grows while training runs: the header first, then a row per epoch,
    /// then the footer.
    case lossTable(LossTable.Line)
    /// A finished plot.
    case plot(LinePlot)
    /// A progress update that replaces the previous one with the same `id`.
    case progress(id: String, BatchProgressText)
}

/// A one-line description of training progress within an epoch.
public struct BatchProgressText: Sendable, Equatable {
    public var line: String
}
