/// The decision regions of a classifier of 2-D points, in characters: each cell shows the class
/// the model predicts there, each data point its true class, as TensorFlow Playground draws them.
/// Without cells it is a scatter of the points, coloured by class.
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
    /// The predicted class of each cell, row by row from the top; `columns × rows` of them, or
    /// none for a scatter of the points alone (`plot toy`).
    public var cells: [Int]
    public var columns: Int
    public var rows: Int
    public var xRange: ClosedRange<Float>
    public var yRange: ClosedRange<Float>
    public var points: [Point]
    public var classNames: [String]

    public init(
        title: String, cells: [Int], columns: Int, rows: Int, xRange: ClosedRange<Float>, yRange: ClosedRange<Float>,
        points: [Point], classNames: [String]
    ) {
        precondition(
            (cells.isEmpty || cells.count == columns * rows) && columns >= 2 && rows >= 2,
            "one class per cell of at least a 2x2 grid, or none")
        self.title = title
        self.cells = cells
        self.columns = columns
        self.rows = rows
        self.xRange = xRange
        self.yRange = yRange
        self.points = points
        self.classNames = classNames
    }

    /// Where `point` lies: its share of the plot's width from the left and of its height from the
    /// top (0 to 1 inside the ranges). None when a coordinate is infinite or NaN, for a point that
    /// cannot be placed is not drawn.
    public func place(_ point: Point) -> (x: Double, y: Double)? {
        guard point.x.isFinite, point.y.isFinite else { return nil }
        let (x, y) = (Double(point.x), Double(point.y))
        let (left, right) = (Double(xRange.lowerBound), Double(xRange.upperBound))
        let (bottom, top) = (Double(yRange.lowerBound), Double(yRange.upperBound))
        return ((x - left) / (right - left), (top - y) / (top - bottom))
    }

    /// The x at `share` of the way from the left edge to the right (the y from the bottom edge
    /// to the top), found in `Double` so that a range as wide as `Float`'s own has a finite span.
    public func x(at share: Double) -> Float { Self.interpolate(xRange, share) }
    public func y(at share: Double) -> Float { Self.interpolate(yRange, share) }

    /// The value at `share` of the way from `range`'s lower bound to its upper one, in `Double`.
    static func interpolate(_ range: ClosedRange<Float>, _ share: Double) -> Float {
        Float(Double(range.lowerBound) + (Double(range.upperBound) - Double(range.lowerBound)) * share)
    }

    /// The key's entries (each class's index) in rows that fit `width` pixels, each entry as wide
    /// as `entryWidth` says: one row for a few classes, more for Fashion-MNIST's ten.
    public func keyRows(width: Int, entryWidth: (String) -> Int) -> [[Int]] {
        var rows: [[Int]] = [[]]
        var used = 0
        for (index, name) in classNames.enumerated() {
            let needed = entryWidth(name)
            if used + needed > width, !rows[rows.count - 1].isEmpty {
                rows.append([])
                used = 0
            }
            rows[rows.count - 1].append(index)
            used += needed
        }
        return rows
    }
}
