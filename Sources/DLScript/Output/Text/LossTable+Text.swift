/// The loss table in characters: each column right-aligned to its name or 7 characters, the best
/// epoch's row marked with `*`.
extension LossTable {
    /// The whole table so far, with a line for each gap in a bounded table.
    public var text: String {
        var lines = [text(.header)]
        for index in rows.indices {
            let left = epochsLeftOut(before: index)
            if left > 0 { lines.append(Self.gap(left)) }
            lines.append(text(.row(index)))
        }
        if outcome != nil { lines.append(text(.footer)) }
        return lines.joined(separator: "\n")
    }

    /// The line in place of `count` epochs a bounded table leaves out.
    static func gap(_ count: Int) -> String {
        "  … \(NumberText.count(count, "epoch")) not shown (table <model> lists them all)"
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
