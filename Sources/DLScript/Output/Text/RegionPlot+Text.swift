/// Decision regions in characters: a fill per class's region, a mark per class's points.
extension RegionPlot {
    /// The fill of each class's region, light to dark so the points stand out.
    public static let fills: [Character] = [".", ":", "-", "=", "~", "'"]
    /// The mark of each class's points.
    public static let marks: [Character] = ["o", "x", "+", "*", "#", "@"]

    /// The plot as text; `ascii` draws the axes with `|`, `-` and `+`.
    public func render(ascii: Bool = false) -> String {
        var grid = (0..<rows).map { row in
            cells.isEmpty
                ? [Character](repeating: " ", count: columns)
                : cells[(row * columns)..<((row + 1) * columns)].map { Self.fills[$0 % Self.fills.count] }
        }
        for point in points {
            guard let share = place(point) else { continue }
            let column = Int((Swift.min(Swift.max(share.x, -1), 2) * Double(columns - 1)).rounded())
            let row = Int((Swift.min(Swift.max(share.y, -1), 2) * Double(rows - 1)).rounded())
            guard (0..<columns).contains(column), (0..<rows).contains(row) else { continue }
            grid[row][column] = Self.marks[point.label % Self.marks.count]
        }
        let top = NumberText.significant(yRange.upperBound, 3)
        let bottom = NumberText.significant(yRange.lowerBound, 3)
        let labelWidth = Swift.max(top.count, bottom.count)
        let (vertical, corner, horizontal) = ascii ? ("|", "+", "-") : ("│", "└", "─")
        func pad(_ label: String) -> String { String(repeating: " ", count: labelWidth - label.count) + label }
        var lines = [title]
        for (row, cells) in grid.enumerated() {
            let label = row == 0 ? top : row == rows - 1 ? bottom : ""
            // A scatter's empty cells are spaces: none are left at the end of a line.
            var row = String(cells)
            while row.last == " " { row.removeLast() }
            lines.append(" \(pad(label)) \(vertical)\(row)")
        }
        lines.append(" " + String(repeating: " ", count: labelWidth + 1) + corner + String(repeating: horizontal, count: columns))
        let left = NumberText.significant(xRange.lowerBound, 3)
        let right = NumberText.significant(xRange.upperBound, 3)
        let gap = Swift.max(1, columns - left.count - right.count)
        let indent = String(repeating: " ", count: labelWidth + 2)
        lines.append(" " + indent + left + String(repeating: " ", count: gap) + right)
        let classes = classNames.indices
        let regions = classes.map { "\(Self.fills[$0 % Self.fills.count]) \(classNames[$0])" }.joined(separator: "  ")
        let marks = classes.map { "\(Self.marks[$0 % Self.marks.count]) \(classNames[$0])" }.joined(separator: "  ")
        lines.append(" " + indent + (cells.isEmpty ? "points: \(marks)" : "regions: \(regions)    points: \(marks)"))
        return lines.joined(separator: "\n")
    }
}
