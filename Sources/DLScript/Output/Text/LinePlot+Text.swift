/// A line plot in characters: a mark per series, tick labels on the left, a legend below.
extension LinePlot {
    /// The mark of each series, in order; distinct without colour.
    public static let marks: [Character] = ["*", "o", "+", "x", "#", "@"]
    /// The mark of a cell where different series meet.
    public static let overlap: Character = "&"

    /// The plot as text `width` columns wide (at least 30) and `height` rows of plotting area.
    /// `ascii` uses `|`, `-` and `+` for the axes instead of box-drawing characters.
    public func render(width: Int = 72, height: Int = 12, ascii: Bool = false) -> String {
        let points = series.map(\.values.count).max() ?? 0
        guard let (bottom, top) = valueRange, points > 0 else { return "\(title): nothing to plot yet" }
        let ticks = (0..<height).map { row in top - (top - bottom) * Double(row) / Double(Swift.max(height - 1, 1)) }
        let labels = tickLabels(atHeights: ticks)
        let labelWidth = labels.map(\.count).max() ?? 1
        let plotWidth = Swift.max(10, width - labelWidth - 3)
        var grid = [[Character]](repeating: [Character](repeating: " ", count: plotWidth), count: height)
        var overlaps = false
        for (index, line) in series.enumerated() {
            let mark = Self.marks[index % Self.marks.count]
            for (i, value) in line.values.enumerated() {
                guard let value = self.height(of: value) else { continue }
                let column = points == 1 ? 0 : Int((Float(i) / Float(points - 1) * Float(plotWidth - 1)).rounded())
                let row = Swift.min(
                    Swift.max(Int(((top - value) / (top - bottom) * Double(height - 1)).rounded()), 0), height - 1)
                // Where two series meet, neither hides the other: the cell says both are there.
                let held = grid[row][column]
                if held != " " && held != mark && held != Self.overlap {
                    grid[row][column] = Self.overlap
                    overlaps = true
                } else if held == " " {
                    grid[row][column] = mark
                }
            }
        }
        let (vertical, corner, horizontal) = ascii ? ("|", "+", "-") : ("┤", "└", "─")
        var lines = [title]
        for (row, cells) in grid.enumerated() {
            let label = row % 2 == 0 || row == height - 1 ? labels[row] : ""
            let pad = String(repeating: " ", count: labelWidth - label.count)
            lines.append(
                " \(pad)\(label) \(row % 2 == 0 || row == height - 1 ? vertical : (ascii ? "|" : "│"))\(String(cells))"
                    .trimmingTrailingSpaces())
        }
        lines.append(
            " " + String(repeating: " ", count: labelWidth) + " " + corner + String(repeating: horizontal, count: plotWidth))
        let first = xText(0)
        let last = xText(points - 1)
        let gap = Swift.max(1, plotWidth - first.count - last.count)
        lines.append(
            " " + String(repeating: " ", count: labelWidth + 2) + first + String(repeating: " ", count: gap) + last + "  "
                + xLabel)
        let legend =
            series.enumerated().map { "\(Self.marks[$0.offset % Self.marks.count]) \($0.element.name)" }
            + (overlaps ? ["\(Self.overlap) more than one"] : [])
        lines.append(" " + String(repeating: " ", count: labelWidth + 2) + legend.joined(separator: "   "))
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string without the spaces at its end.
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
