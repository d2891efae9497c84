import Foundation

/// One or more series of values over a shared x axis (epochs). As text:
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
    /// A named series; `values[i]` is at x = `xStart` + i · `xStep`.
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
    /// The x of each series' first value: epoch 1 for a whole history, 2 for `m.loss[1:5]`,
    /// -5 for an activation's graph.
    public var xStart: Double
    /// The x between two values: an epoch, or a tenth for an activation's graph.
    public var xStep: Double
    /// Whether the y axis is logarithmic (`plot m.loss log`): equal steps are equal ratios, and
    /// values of 0 or less are not drawn.
    public var logarithmic: Bool

    public init(
        title: String, series: [Series], xLabel: String = "epoch", xStart: Double = 1, xStep: Double = 1,
        logarithmic: Bool = false
    ) {
        self.title = title
        self.series = series
        self.xLabel = xLabel
        self.xStart = xStart
        self.xStep = xStep
        self.logarithmic = logarithmic
    }

    /// Where `value` lies on the y axis: the value itself, or its base-10 logarithm on a
    /// logarithmic axis. None for a value that cannot be drawn (not finite, or not positive on a
    /// logarithmic axis).
    public func height(of value: Float) -> Double? {
        guard value.isFinite else { return nil }
        if !logarithmic { return Double(value) }
        return value > 0 ? log10(Double(value)) : nil
    }

    /// The value at `height` on the y axis, as its tick shows it.
    public func value(atHeight height: Double) -> Double { logarithmic ? pow(10, height) : height }

    /// The x of value `index` as an axis shows it: `5`, `-2.50`, `0.180`.
    public func xText(_ index: Int) -> String {
        let x = ((xStart + Double(index) * xStep) * 1e6).rounded() / 1e6
        return x == x.rounded() ? NumberText.format(x) : NumberText.significant(Float(x), 3)
    }

    /// The heights the y axis spans (see `height(of:)`): from the least to the greatest of every
    /// series' values, or a margin around the one value they all have. In `Double`, so that the
    /// span between two extreme `Float`s (-3e38 and 3e38) is finite and each value's place on the
    /// axis is a number. None when there is no value to draw.
    public var valueRange: (low: Double, high: Double)? {
        let heights = series.flatMap(\.values).compactMap(height(of:))
        guard let low = heights.min(), let high = heights.max() else { return nil }
        if high > low { return (low, high) }
        let margin = logarithmic ? 0.5 : Swift.max(abs(high) * 0.05, 5e-4)
        return (low - margin, high + margin)
    }

    /// The labels of ticks at `heights` on the y axis. On a logarithmic axis, with 3 significant
    /// digits or as many more as neighbouring labels need to differ (a narrow range such as
    /// 2.385 to 2.393).
    func tickLabels(atHeights heights: [Double]) -> [String] {
        guard logarithmic else { return Self.tickLabels(heights) }
        let values = heights.map { Float(value(atHeight: $0)) }
        var labels: [String] = []
        for digits in 3...8 {
            labels = values.map { NumberText.significant($0, digits) }
            if zip(labels, labels.dropFirst()).allSatisfy({ $0 != $1 }) { break }
        }
        return labels
    }

    /// Labels for evenly spaced tick values, with enough decimals to resolve a tenth of the
    /// spacing (so neighbouring labels always differ and each is within 5% of a row of its value).
    static func tickLabels(_ ticks: [Double]) -> [String] {
        let step = ticks.count > 1 ? abs(ticks[0] - ticks[1]) : abs(ticks.first ?? 1)
        let largest = ticks.map { abs($0) }.max() ?? 0
        if largest >= 1e6 || (largest < 1e-3 && largest > 0) {
            return ticks.map { String(format: "%.3e", $0) }
        }
        let decimals = step > 0 ? min(8, max(0, Int(ceil(-log10(step / 10))))) : 2
        return ticks.map { String(format: "%.\(decimals)f", $0) }
    }
}
