/// The decision regions of a classifier of 2-D points, in characters: each cell shows the class
/// the model predicts there, each data point its true class, as TensorFlow Playground draws them.
///
/// ```
/// decision regions of tiny on toy
///  1.2 |.......:::::
///      |..o....::x::
/// -1.2 |....o..:::::
///      +------------
///       -1.5    1.5
///       regions: . class 0   : class 1      points: o class 0   x class 1
/// ```
public struct RegionPlot: Sendable, Equatable {
    /// A data point and its class.
    public struct Point: Sendable, Equatable {
        public var x: Float, y: Float
        public var label: Int

        public init(x: Float, y: Float, label: Int) {
            self.x = x
            self.y = y
            self.label = label
        }
    }

    public var title: String
    /// The predicted class of each cell, row by row from the top; `columns × rows` of them.
    public var cells: [Int]
    public var columns: Int
    public var rows: Int
    public var xRange: ClosedRange<Float>
    public var yRange: ClosedRange<Float>
    public var points: [Point]
    public var classNames: [String]

    /// The fill of each class's region, light to dark so the points stand out.
    public init(
        title: String, cells: [Int], columns: Int, rows: Int, xRange: ClosedRange<Float>, yRange: ClosedRange<Float>,
        points: [Point], classNames: [String]
    ) {
        precondition(cells.count == columns * rows && columns >= 2 && rows >= 2, "one class per cell of at least a 2x2 grid")
        self.title = title
        self.cells = cells
        self.columns = columns
        self.rows = rows
        self.xRange = xRange
        self.yRange = yRange
        self.points = points
        self.classNames = classNames
    }

    public static let fills: [Character] = [".", ":", "-", "=", "~", "'"]
    /// The mark of each class's points.
    public static let marks: [Character] = ["o", "x", "+", "*", "#", "@"]

    /// The plot as text; `ascii` draws the axes with `|`, `-` and `+`.
    public func render(ascii: Bool = false) -> String {
        var grid = (0..<rows).map { row in
            cells[(row * columns)..<((row + 1) * columns)].map { Self.fills[$0 % Self.fills.count] }
        }
        for point in points {
            let column = Int(
                ((point.x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * Float(columns - 1)).rounded())
            let row = Int(((yRange.upperBound - point.y) / (yRange.upperBound - yRange.lowerBound) * Float(rows - 1)).rounded())
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
            lines.append(" \(pad(label)) \(vertical)\(String(cells))")
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
        lines.append(" " + indent + "regions: \(regions)    points: \(marks)")
        return lines.joined(separator: "\n")
    }
}
