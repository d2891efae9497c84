/// The loss table in characters: each column right-aligned to its name or 7 characters, the best
/// epoch's row marked with `*`.
extension LossTable {
    /// The whole table so far.
    public var text: String {
        ([Part.header] + rows.indices.map(Part.row) + (outcome == nil ? [] : [.footer])).map(text).joined(separator: "\n")
    }

    /// One part of the table.
    public func text(_ part: Part) -> String {
        let widths = columns.map { Swift.max($0.count, 7) }
        func join(_ cells: [String]) -> String {
            zip(cells, widths).map { String(repeating: " ", count: Swift.max(0, $1 - $0.count)) + $0 }.joined(separator: "  ")
        }
        switch part {
        case .header: return join(columns)
        case let .row(index): return join(cells(rows[index].record)) + (rows[index].isBest ? " *" : "")
        case .footer: return footer.joined(separator: "\n")
        }
    }
}
