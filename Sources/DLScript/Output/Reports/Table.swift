/// A table of text cells with a header: model summaries, evaluations, histories, predictions.
///
/// ```
/// layer                     output shape  parameters
/// ------------------------  ------------  ----------
/// Dense(784 => 256, relu)   256              200,960
/// ```
public struct Table: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable { case left, right }

    /// A line above the table, if any.
    public var title: String?
    public var columns: [String]
    public var alignments: [Alignment]
    public var rows: [[String]]
    /// Lines below the table, e.g. totals.
    public var footer: [String]

    /// A table whose columns are right-aligned except the first.
    public init(title: String? = nil, columns: [String], alignments: [Alignment]? = nil, rows: [[String]], footer: [String] = [])
    {
        self.title = title
        self.columns = columns
        self.alignments = alignments ?? columns.indices.map { $0 == 0 ? .left : .right }
        self.rows = rows
        self.footer = footer
    }
}
