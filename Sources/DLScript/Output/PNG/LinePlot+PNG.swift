extension PNGRenderer {
    /// A line plot `width` x `height` pixels: axes with ticks, a line and dots per series, and the
    /// legend on a white card at the top right.
    public static func render(_ plot: LinePlot, width: Int = 640, height: Int = 360) -> [UInt8] {
        var canvas = Canvas(width: width, height: height)
        title(plot.title, on: &canvas)
        let points = plot.series.map(\.values.count).max() ?? 0
        let (left, right, top, bottom) = (64.0, Double(width) - 16, 32.0, Double(height) - 48)
        guard let (low, high) = plot.valueRange, points > 0 else {
            canvas.text("nothing to plot yet", x: Double(width) / 2, y: Double(height) / 2, anchor: .middle)
            return canvas.png
        }
        func x(_ i: Int) -> Double { points == 1 ? left : left + (right - left) * Double(i) / Double(points - 1) }
        func y(_ v: Double) -> Double { bottom - (bottom - top) * (v - low) / (high - low) }
        canvas.line(from: (left, top), to: (left, bottom), .axis)
        canvas.line(from: (left, bottom), to: (right, bottom), .axis)
        let ticks = (0..<5).map { low + (high - low) * Double($0) / 4 }
        for (tick, label) in zip(ticks, plot.tickLabels(atHeights: ticks)) {
            canvas.line(from: (left - 4, y(tick)), to: (left, y(tick)), .axis)
            canvas.text(label, x: left - 6, y: y(tick) + 4, anchor: .end)
        }
        for i in stride(from: 0, to: points, by: max(1, points / 10)) {
            canvas.line(from: (x(i), bottom), to: (x(i), bottom + 4), .axis)
            canvas.text(plot.xText(i), x: x(i), y: bottom + 16, anchor: .middle)
        }
        canvas.text(plot.xLabel, x: (left + right) / 2, y: bottom + 32, anchor: .middle)
        for (index, series) in plot.series.enumerated() {
            let colour = colours[index % colours.count]
            var previous: (x: Double, y: Double)?
            for (i, value) in series.values.enumerated() {
                guard let value = plot.height(of: value) else { continue }
                let point = (x: x(i), y: y(value))
                if let previous {
                    canvas.line(from: previous, to: point, colour, thickness: 2, dash: dashes[index % dashes.count])
                }
                canvas.dot(x: point.x, y: point.y, radius: 2.5, colour)
                previous = point
            }
        }
        let card = (x: Int(right) - 156, y: Int(top) + 1, h: plot.series.count * 16 + 6)
        canvas.fill(x: card.x, y: card.y, w: 152, h: card.h, .white)
        canvas.frame(x: card.x, y: card.y, w: 152, h: card.h, .border)
        for (index, series) in plot.series.enumerated() {
            let legendY = top + 14 + Double(index) * 16
            canvas.line(
                from: (right - 150, legendY - 4), to: (right - 126, legendY - 4), colours[index % colours.count], thickness: 2,
                dash: dashes[index % dashes.count])
            canvas.text(series.name, x: right - 120, y: legendY)
        }
        return canvas.png
    }
}
