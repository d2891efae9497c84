import Foundation

/// Renders plots as SVG for rich front ends (a notebook's `image/svg+xml`): axes with ticks, one
/// colour and one dash pattern per series (so they differ in grey too), and a legend.
public enum SVGRenderer {
    static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]
    static let dashes = ["", "6,3", "2,2", "8,3,2,3", "1,3", "10,4"]

    /// A line plot `width` × `height` pixels.
    public static func render(_ plot: LinePlot, width: Int = 640, height: Int = 360) -> String {
        let finite = plot.series.flatMap(\.values).filter(\.isFinite)
        let points = plot.series.map(\.values.count).max() ?? 0
        let (left, right, top, bottom) = (64.0, Double(width) - 16, 32.0, Double(height) - 48)
        var svg = header(width, height) + text(Double(width) / 2, 18, plot.title, anchor: "middle", weight: "bold")
        guard var low = finite.min().map(Double.init), var high = finite.max().map(Double.init), points > 0 else {
            return svg + text(Double(width) / 2, Double(height) / 2, "nothing to plot yet", anchor: "middle") + "</svg>"
        }
        if high == low { (low, high) = (low - max(abs(low) * 0.1, 1e-3), high + max(abs(high) * 0.1, 1e-3)) }
        func x(_ i: Int) -> Double { points == 1 ? left : left + (right - left) * Double(i) / Double(points - 1) }
        func y(_ v: Double) -> Double { bottom - (bottom - top) * (v - low) / (high - low) }
        svg += "<path d=\"M\(f(left)),\(f(top)) V\(f(bottom)) H\(f(right))\" stroke=\"#333\" fill=\"none\"/>"
        let ticks = (0..<5).map { low + (high - low) * Double($0) / 4 }
        let labels = LinePlot.tickLabels(ticks.map(Float.init))
        for (tick, label) in zip(ticks, labels) {
            svg += "<line x1=\"\(f(left - 4))\" x2=\"\(f(left))\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\" stroke=\"#333\"/>"
            svg += text(left - 6, y(tick) + 4, label, anchor: "end")
        }
        let step = max(1, points / 10)
        for i in stride(from: 0, to: points, by: step) {
            svg += "<line x1=\"\(f(x(i)))\" x2=\"\(f(x(i)))\" y1=\"\(f(bottom))\" y2=\"\(f(bottom + 4))\" stroke=\"#333\"/>"
            svg += text(x(i), bottom + 16, String(i + 1), anchor: "middle")
        }
        svg += text((left + right) / 2, bottom + 32, plot.xLabel, anchor: "middle")
        for (index, series) in plot.series.enumerated() {
            let colour = colours[index % colours.count]
            let dash = dashes[index % dashes.count]
            var path = ""
            for (i, value) in series.values.enumerated() where value.isFinite {
                path += (path.isEmpty ? "M" : " L") + "\(f(x(i))),\(f(y(Double(value))))"
            }
            svg +=
                "<path d=\"\(path)\" stroke=\"\(colour)\" stroke-width=\"2\" fill=\"none\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
            for (i, value) in series.values.enumerated() where value.isFinite {
                svg += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(Double(value))))\" r=\"2.5\" fill=\"\(colour)\"/>"
            }
            let legendY = top + 14 + Double(index) * 16
            svg +=
                "<line x1=\"\(f(right - 150))\" x2=\"\(f(right - 126))\" y1=\"\(f(legendY - 4))\" y2=\"\(f(legendY - 4))\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
            svg += text(right - 120, legendY, series.name, anchor: "start")
        }
        return svg + "</svg>"
    }

    /// Decision regions as coloured cells with the data points on top.
    public static func render(_ plot: RegionPlot, cell: Int = 8) -> String {
        let (width, height) = (plot.columns * cell + 16, plot.rows * cell * 2 + 48)
        var svg = header(width, height) + text(Double(width) / 2, 18, plot.title, anchor: "middle", weight: "bold")
        let (originX, originY) = (8.0, 28.0)
        let (cellW, cellH) = (Double(cell), Double(cell * 2))
        for row in 0..<plot.rows {
            for column in 0..<plot.columns {
                let label = plot.cells[row * plot.columns + column]
                svg +=
                    "<rect x=\"\(f(originX + Double(column) * cellW))\" y=\"\(f(originY + Double(row) * cellH))\" width=\"\(f(cellW))\" height=\"\(f(cellH))\" fill=\"\(colours[label % colours.count])\" fill-opacity=\"0.25\"/>"
            }
        }
        let (plotW, plotH) = (Double(plot.columns) * cellW, Double(plot.rows) * cellH)
        for point in plot.points {
            let px =
                originX + Double((point.x - plot.xRange.lowerBound) / (plot.xRange.upperBound - plot.xRange.lowerBound)) * plotW
            let py =
                originY + Double((plot.yRange.upperBound - point.y) / (plot.yRange.upperBound - plot.yRange.lowerBound)) * plotH
            svg +=
                "<circle cx=\"\(f(px))\" cy=\"\(f(py))\" r=\"3\" fill=\"\(colours[point.label % colours.count])\" stroke=\"#000\" stroke-width=\"0.5\"/>"
        }
        let legend = plot.classNames.enumerated().map { "class \($0.element)" }.joined(separator: "  ")
        return svg + text(Double(width) / 2, Double(height) - 8, legend, anchor: "middle") + "</svg>"
    }

    /// Images as crisp grey PNGs, `scale` screen pixels per pixel, dark ink on white, each with
    /// its caption under it and each row's label on its left.
    public static func render(_ strip: ImageStrip, scale: Int = 3) -> String {
        guard let first = strip.rows.first?.images.first else { return header(320, 40) + "</svg>" }
        let (imageW, imageH) = (first.width * scale, first.height * scale)
        let labelW = strip.rows.contains { !$0.label.isEmpty } ? 64 : 0
        let (gap, captionH, top) = (12, 16, 28)
        let count = strip.rows.map(\.images.count).max() ?? 0
        let width = 8 + labelW + count * (imageW + gap)
        let height = top + strip.rows.count * (imageH + captionH + gap)
        var svg = header(width, height) + text(Double(width) / 2, 18, strip.title, anchor: "middle", weight: "bold")
        for (r, row) in strip.rows.enumerated() {
            let y = top + r * (imageH + captionH + gap)
            svg += text(8, Double(y + imageH / 2), row.label, anchor: "start")
            for (i, image) in row.images.enumerated() {
                let x = 8 + labelW + i * (imageW + gap)
                let range = strip.range(of: image)
                let grey = image.values.map { UInt8((255 * (1 - ImageStrip.ink($0, in: range))).rounded()) }
                let png = Data(PNG.encode(grey, width: image.width, height: image.height, colour: .grey)).base64EncodedString()
                svg +=
                    "<image x=\"\(x)\" y=\"\(y)\" width=\"\(imageW)\" height=\"\(imageH)\" image-rendering=\"pixelated\" preserveAspectRatio=\"none\" href=\"data:image/png;base64,\(png)\"/>"
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(imageW)\" height=\"\(imageH)\" fill=\"none\" stroke=\"#ccc\"/>"
                svg += text(Double(x + imageW / 2), Double(y + imageH + 12), image.caption, anchor: "middle")
            }
        }
        return svg + "</svg>"
    }

    private static func header(_ width: Int, _ height: Int) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"11\">"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
    }

    private static func text(_ x: Double, _ y: Double, _ content: String, anchor: String, weight: String = "normal") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\">\(HTMLRenderer.escape(content))</text>"
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
