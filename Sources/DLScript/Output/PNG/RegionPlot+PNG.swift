extension PNGRenderer {
    /// Decision regions as coloured cells with the data points on top, axes with the range of
    /// each coordinate, and a key that names each class by its colour.
    public static func render(_ plot: RegionPlot, cell: Int = 8) -> [UInt8] {
        let (left, top) = (48, 28)
        let (cellW, cellH) = (cell, cell * 2)
        let (plotW, plotH) = (plot.columns * cellW, plot.rows * cellH)
        let keyRows = plot.keyRows(width: plotW, entryWidth: Self.keyEntryWidth)
        var canvas = Canvas(width: left + plotW + 16, height: top + plotH + 60 + (keyRows.count - 1) * 18)
        title(plot.title, on: &canvas)
        for row in 0..<plot.rows where !plot.cells.isEmpty {
            for column in 0..<plot.columns {
                let colour = colours[plot.cells[row * plot.columns + column] % colours.count].overWhite(0.25)
                canvas.fill(x: left + column * cellW, y: top + row * cellH, w: cellW, h: cellH, colour)
            }
        }
        for point in plot.points {
            guard let share = plot.place(point) else { continue }
            let (px, py) = (Double(left) + share.x * Double(plotW), Double(top) + share.y * Double(plotH))
            canvas.dot(x: px, y: py, radius: 3, colours[point.label % colours.count], outline: .black)
        }
        canvas.fill(x: left, y: top, w: 1, h: plotH + 1, .axis)
        canvas.fill(x: left, y: top + plotH, w: plotW, h: 1, .axis)
        for step in 0...2 {
            let share = Float(step) / 2
            let y = plot.y(at: 1 - Double(share))
            canvas.text(
                NumberText.significant(y, 3), x: Double(left - 4), y: Double(top) + Double(plotH) * Double(share) + 4,
                anchor: .end)
            let x = plot.x(at: Double(share))
            canvas.text(
                NumberText.significant(x, 3), x: Double(left) + Double(plotW) * Double(share), y: Double(top + plotH + 14),
                anchor: .middle)
        }
        for (row, entries) in keyRows.enumerated() {
            let keyY = top + plotH + 36 + row * 18
            var keyX = left
            for index in entries {
                let colour = colours[index % colours.count]
                canvas.fill(x: keyX, y: keyY - 9, w: 12, h: 12, colour.overWhite(0.25))
                canvas.frame(x: keyX, y: keyY - 9, w: 12, h: 12, Canvas.Colour(hex: "#999999"))
                canvas.dot(x: Double(keyX + 6), y: Double(keyY - 3), radius: 3, colour, outline: .black)
                canvas.text("class \(plot.classNames[index])", x: Double(keyX + 16), y: Double(keyY + 1))
                keyX += Self.keyEntryWidth(plot.classNames[index])
            }
        }
        return canvas.png
    }

    /// The width of a class's entry in the key, as the SVG lays it out, so that both wrap alike.
    static func keyEntryWidth(_ name: String) -> Int { SVGRenderer.keyEntryWidth(name) }
}
