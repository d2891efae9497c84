import DLCore

/// One layer of a model, as `m[0]` (or `m.hidden`) names it: what it is and which parameters
/// it has.
struct LayerValue {
    /// How the code names it, `m[0]` or `m.hidden`.
    let name: String
    /// The model it belongs to, and where in it.
    let network: Sequential
    let index: Int

    var layer: any Layer { network.layers[index] }
    /// The shape of one sample the layer takes.
    var inputShape: [Int] { index == 0 ? network.inputShape : network.layerOutputShapes[index - 1] }

    var display: String {
        let parameters = layer.parameters.map { "\($0.name) \(Shape.format($0.value.shape))" }
        return "\(name): \(layer.description)"
            + (parameters.isEmpty ? ", no parameters" : "; parameters: " + parameters.joined(separator: ", "))
    }

    /// The parameter `name` of the layer, copied as it is now.
    func parameter(_ name: String) -> ParameterValue? {
        guard let parameter = layer.parameters.first(where: { $0.name == name }) else { return nil }
        var units: ParameterValue.Units?
        let shape = parameter.value.shape
        if name == "weight", layer is Dense, inputShape.count == 3, shape.count == 2 {
            units = .overImage(height: inputShape[0], width: inputShape[1], channels: inputShape[2])
        } else if name == "weight", layer is Conv2D, shape.count == 4 {
            units = .kernels(height: shape[0], width: shape[1], channels: shape[2])
        }
        return ParameterValue(name: "\(self.name).\(name)", shape: shape, values: parameter.value.scalars, units: units)
    }
}

/// A layer's parameter, copied when read (`m[0].weight`): its values, and how each unit's
/// weights form a picture when they do (a dense layer over images, a convolution's kernels).
struct ParameterValue {
    /// How the weights of one unit (a column of the weight) lie over an image.
    enum Units {
        /// A dense layer's first weights over `height x width x channels` pixels.
        case overImage(height: Int, width: Int, channels: Int)
        /// A convolution's kernels, `[height, width, channels, filters]`.
        case kernels(height: Int, width: Int, channels: Int)
    }

    let name: String
    let shape: [Int]
    let values: [Float]
    let units: Units?

    /// The most values shown one by one; more are summarised.
    static let shownWhole = 64

    /// Small ones whole (a matrix a row per input, a column per unit); large ones as their
    /// shape, range, mean and deviation, and a histogram in a line.
    var display: String {
        let numbers = values.map { NumberText.significant($0, 3) }
        if values.count <= Self.shownWhole {
            guard shape.count == 2 else { return "\(name) (\(Shape.format(shape))): [" + numbers.joined(separator: ", ") + "]" }
            let width = numbers.map(\.count).max() ?? 1
            let rows = (0..<shape[0]).map { row in
                "  "
                    + (0..<shape[1]).map { column in numbers[row * shape[1] + column].leftPadded(to: width) }.joined(
                        separator: "  ")
            }
            return (["\(name) (\(Shape.format(shape)): a row per input, a column per unit)"] + rows).joined(separator: "\n")
        }
        let statistics = Statistics(values)
        let unplaced =
            statistics.nonFinite > 0 ? "; \(NumberText.grouped(statistics.nonFinite)) not finite (NaN or infinite)" : ""
        return """
            \(name): \(Shape.format(shape)), \(NumberText.grouped(values.count)) values; min \(NumberText.significant(statistics.min, 3)), max \(NumberText.significant(statistics.max, 3)), mean \(NumberText.significant(statistics.mean, 3)), deviation \(NumberText.significant(statistics.deviation, 3))\(unplaced)
              \(Self.sparkline(histogram(bins: 24, statistics).counts)) (how many values fall in each of 24 equal ranges from min to max)
            """
    }

    /// How many finite values fall in each of `bins` equal ranges from the smallest to the
    /// largest.
    func histogram(bins: Int) -> (counts: [Float], low: Float, step: Float) { histogram(bins: bins, Statistics(values)) }

    private func histogram(bins: Int, _ statistics: Statistics) -> (counts: [Float], low: Float, step: Float) {
        // In Double: the span from -3e38 to 3e38 overflows a Float.
        let low = Double(statistics.min)
        let step = Swift.max((Double(statistics.max) - low) / Double(bins), Double(Float.leastNormalMagnitude))
        var counts = [Float](repeating: 0, count: bins)
        for value in values where value.isFinite {
            counts[Swift.min(bins - 1, Int((Double(value) - low) / step))] += 1
        }
        return (counts, statistics.min, Float(step))
    }

    /// Each unit's weights as a grey picture, brightest where the weight is largest (the first
    /// `limit` units; the first channel of each); nil when the weights do not lie over an image.
    func unitImages(limit: Int) -> [ImageStrip.Image]? {
        guard let units, let unitCount = shape.last else { return nil }
        let (height, width, channels): (Int, Int, Int) =
            switch units {
            case let .overImage(height, width, channels), let .kernels(height, width, channels): (height, width, channels)
            }
        return (0..<Swift.min(unitCount, limit)).map { unit in
            let pixels = (0..<(height * width)).map { pixel in values[(pixel * channels) * unitCount + unit] }
            let (low, high) = (pixels.min() ?? 0, pixels.max() ?? 1)
            let scale = high > low ? 1 / (high - low) : 0
            return ImageStrip.Image(
                height: height, width: width, values: pixels.map { ($0 - low) * scale }, caption: "unit \(unit)")
        }
    }

    /// Counts as a line of block characters, from the lowest to the highest.
    static func sparkline(_ counts: [Float]) -> String {
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let top = counts.max() ?? 0
        return String(counts.map { top > 0 ? blocks[Int(($0 / top) * Float(blocks.count - 1))] : blocks[0] })
    }
}

/// The minimum, maximum, mean and standard deviation of the finite values among some, and how
/// many are not finite (a diverged training leaves NaN in its weights).
private struct Statistics {
    var min: Float
    var max: Float
    var mean: Float
    var deviation: Float
    var nonFinite: Int

    init(_ values: [Float]) {
        let finite = values.filter(\.isFinite)
        nonFinite = values.count - finite.count
        min = finite.min() ?? 0
        max = finite.max() ?? 0
        let count = Double(Swift.max(finite.count, 1))
        let mean = finite.reduce(0) { $0 + Double($1) } / count
        let variance = finite.reduce(0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / count
        self.mean = Float(mean)
        deviation = Float(variance.squareRoot())
    }
}

extension String {
    /// The string with spaces before it up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: " ", count: Swift.max(0, width - count)) + self }
}
