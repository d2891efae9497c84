extension SVGRenderer {
    /// A line plot `width` × `height` pixels.
    public static func render(_ plot: LinePlot, width: Int = 640, height: Int = 360) -> String {
        let points = plot.series.map(\.values.count).max() ?? 0
        let (left, right, top, bottom) = (64.0, Double(width) - 16, 32.0, Double(height) - 48)
        var svg = header(width, height) + text(Double(width) / 2, 18, plot.title, anchor: "middle", weight: "bold")
        guard let (low, high) = plot.valueRange, points > 0 else {
            return svg + text(Double(width) / 2, Double(height) / 2, "nothing to plot yet", anchor: "middle") + "</svg>"
        }
        func x(_ i: Int) -> Double { points == 1 ? left : left + (right - left) * Double(i) / Double(points - 1) }
        func y(_ v: Double) -> Double { bottom - (bottom - top) * (v - low) / (high - low) }
        svg += "<path d=\"M\(f(left)),\(f(top)) V\(f(bottom)) H\(f(right))\" stroke=\"#333\" fill=\"none\"/>"
        let ticks = (0..<5).map { low + (high - low) * Double($0) / 4 }
        let labels = plot.tickLabels(atHeights: ticks)
        for (tick, label) in zip(ticks, labels) {
            svg += "<line x1=\"\(f(left - 4))\" x2=\"\(f(left))\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\" stroke=\"#333\"/>"
            svg += text(left - 6, y(tick) + 4, label, anchor: "end")
        }
        let step = max(1, points / 10)
        for i in stride(from: 0, to: points, by: step) {
            svg += "<line x1=\"\(f(x(i)))\" x2=\"\(f(x(i)))\" y1=\"\(f(bottom))\" y2=\"\(f(bottom + 4))\" stroke=\"#333\"/>"
            svg += text(x(i), bottom + 16, plot.xText(i), anchor: "middle")
        }
        svg += text((left + right) / 2, bottom + 32, plot.xLabel, anchor: "middle")
        for (index, series) in plot.series.enumerated() {
            let colour = colours[index % colours.count]
            let dash = dashes[index % dashes.count]
            var path = ""
            for (i, value) in series.values.enumerated() {
                guard let value = plot.height(of: value) else { continue }
                path += (path.isEmpty ? "M" : " L") + "\(f(x(i))),\(f(y(value)))"
            }
            svg +=
                "<path d=\"\(path)\" stroke=\"\(colour)\" stroke-width=\"2\" fill=\"none\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
            for (i, value) in series.values.enumerated() {
                guard let value = plot.height(of: value) else { continue }
                svg += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(value)))\" r=\"2.5\" fill=\"\(colour)\"/>"
            }
        }
        // The legend on a white card over the plot's top right, so no line runs through its text.
        svg +=
            "<rect x=\"\(f(right - 156))\" y=\"\(f(top + 1))\" width=\"152\" height=\"\(f(Double(plot.series.count) * 16 + 6))\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#ccc\"/>"
        for (index, series) in plot.series.enumerated() {
            let colour = colours[index % colours.count]
            let dash = dashes[index % dashes.count]
            let legendY = top + 14 + Double(index) * 16
            svg +=
                "<line x1=\"\(f(right - 150))\" x2=\"\(f(right - 126))\" y1=\"\(f(legendY - 4))\" y2=\"\(f(legendY - 4))\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
            svg += text(right - 120, legendY, series.name, anchor: "start")
        }
        return svg + "</svg>"
    }
}
