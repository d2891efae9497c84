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

    /// The table as plain text, columns two spaces apart.
    public func render() -> String {
        let widths = columns.indices.map { column in
            ([columns[column]] + rows.map { column < $0.count ? $0[column] : "" }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            columns.indices.map { column in
                let cell = column < cells.count ? cells[column] : ""
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return alignments[column] == .left ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines: [String] = []
        if let title { lines.append(title) }
        lines.append(line(columns))
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        lines += rows.map(line)
        lines += footer
        return lines.joined(separator: "\n")
    }
}
