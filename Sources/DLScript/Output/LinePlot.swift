import Foundation

/// One or more series of values over a shared x axis (epochs), and how to draw them in text.
///
/// ```
///  loss
///  0.5012 ┤*
///  0.4411 ┤ ·*
///  0.3810 ┤      *  o
///         └───────────
///          1        10
///          * loss   o val_loss
/// ```
public struct LinePlot: Sendable, Equatable {
    /// A named series; `values[i]` is at x = i + 1.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Float]
        public init(name: String, values: [Float]) {
            self.name = name
            self.values = values
        }
    }

    public var title: String
    public var series: [Series]
    public var xLabel: String

    public init(title: String, series: [Series], xLabel: String = "epoch") {
        self.title = title
        self.series = series
        self.xLabel = xLabel
    }

    /// The mark of each series, in order; distinct without colour.
    public static let marks: [Character] = ["*", "o", "+", "x", "#", "@"]

    /// The plot as text `width` columns wide (at least 30) and `height` rows of plotting area.
    /// `ascii` uses `|`, `-` and `+` for the axes instead of box-drawing characters.
    public func render(width: Int = 72, height: Int = 12, ascii: Bool = false) -> String {
        let finite = series.flatMap(\.values).filter(\.isFinite)
        let points = series.map(\.values.count).max() ?? 0
        guard let low = finite.min(), let high = finite.max(), points > 0 else { return "\(title): nothing to plot yet" }
        let span = high > low ? high - low : Swift.max(abs(high) * 0.1, 1e-3)
        let (bottom, top) = high > low ? (low, high) : (low - span / 2, high + span / 2)
        let ticks = (0..<height).map { row in top - (top - bottom) * Float(row) / Float(Swift.max(height - 1, 1)) }
        let labels = Self.tickLabels(ticks)
        let labelWidth = labels.map(\.count).max() ?? 1
        let plotWidth = Swift.max(10, width - labelWidth - 3)
        var grid = [[Character]](repeating: [Character](repeating: " ", count: plotWidth), count: height)
        for (index, line) in series.enumerated() {
            let mark = Self.marks[index % Self.marks.count]
            for (i, value) in line.values.enumerated() where value.isFinite {
                let column = points == 1 ? 0 : Int((Float(i) / Float(points - 1) * Float(plotWidth - 1)).rounded())
                let row = Int(((top - value) / (top - bottom) * Float(height - 1)).rounded())
                grid[Swift.min(Swift.max(row, 0), height - 1)][column] = mark
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
        let first = "1"
        let last = String(points)
        let gap = Swift.max(1, plotWidth - first.count - last.count)
        lines.append(
            " " + String(repeating: " ", count: labelWidth + 2) + first + String(repeating: " ", count: gap) + last + "  "
                + xLabel)
        let legend = series.enumerated().map { "\(Self.marks[$0.offset % Self.marks.count]) \($0.element.name)" }
        lines.append(" " + String(repeating: " ", count: labelWidth + 2) + legend.joined(separator: "   "))
        return lines.joined(separator: "\n")
    }

    /// Labels for evenly spaced tick values, with enough decimals to resolve a tenth of the
    /// spacing (so neighbouring labels always differ and each is within 5% of a row of its value).
    static func tickLabels(_ ticks: [Float]) -> [String] {
        let step = ticks.count > 1 ? abs(Double(ticks[0] - ticks[1])) : abs(Double(ticks.first ?? 1))
        let largest = ticks.map { abs(Double($0)) }.max() ?? 0
        if largest >= 1e6 || (largest < 1e-3 && largest > 0) {
            return ticks.map { String(format: "%.3e", Double($0)) }
        }
        let decimals = step > 0 ? min(8, max(0, Int(ceil(-log10(step / 10))))) : 2
        return ticks.map { String(format: "%.\(decimals)f", Double($0)) }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
