/// Renders output events as plain text: for terminals, pipes, batch runs and `text/plain`.
public struct TextRenderer: Sendable {
    /// The width of plots, in columns (at least 30).
    public var width: Int
    /// Draw axes with `|`, `-` and `+` instead of box-drawing characters.
    public var ascii: Bool

    public init(width: Int = 72, ascii: Bool = false) {
        self.width = width
        self.ascii = ascii
    }

    /// The text of an event, without a final newline; for a loss table, its newest part (what
    /// a stream has not printed yet). Nil for progress, which a front end draws in its own way
    /// (in place on a terminal, not at all on a pipe).
    public func render(_ event: OutputEvent) -> String? {
        if let table = event.table { return table.render() }
        return switch event {
        case let .text(text), let .note(text), let .result(text): text
        case let .warning(text): "warning: " + text
        case let .lossTable(table): table.text(table.newest)
        case let .trace(trace): trace.text
        case let .plot(plot): plot.render(width: Swift.max(30, width), ascii: ascii)
        case let .regions(plot): plot.render(ascii: ascii)
        case let .images(strip): strip.render(width: Swift.max(30, width), ascii: ascii)
        case .progress: nil
        case let .error(diagnostic): diagnostic.rendered
        case .summary, .evaluation, .confusion, .predictions, .sequencePredictions, .history, .names: nil
        }
    }
}
