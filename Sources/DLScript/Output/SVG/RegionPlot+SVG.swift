extension SVGRenderer {
    /// Decision regions as coloured cells with the data points on top, axes with the range of
    /// each coordinate, and a key that names each class by its colour.
    public static func render(_ plot: RegionPlot, cell: Int = 8) -> String {
        let (left, top) = (48.0, 28.0)
        let (cellW, cellH) = (Double(cell), Double(cell * 2))
        let (plotW, plotH) = (Double(plot.columns) * cellW, Double(plot.rows) * cellH)
        let width = Int(left + plotW + 16)
        let keyRows = plot.keyRows(width: Int(plotW), entryWidth: Self.keyEntryWidth)
        let height = Int(top + plotH + 60) + (keyRows.count - 1) * 18
        var svg = header(width, height) + text(Double(width) / 2, 18, plot.title, anchor: "middle", weight: "bold")
        for row in 0..<plot.rows where !plot.cells.isEmpty {
            for column in 0..<plot.columns {
                let label = plot.cells[row * plot.columns + column]
                svg +=
                    "<rect x=\"\(f(left + Double(column) * cellW))\" y=\"\(f(top + Double(row) * cellH))\" width=\"\(f(cellW))\" height=\"\(f(cellH))\" fill=\"\(colours[label % colours.count])\" fill-opacity=\"0.25\"/>"
            }
        }
        for point in plot.points {
            guard let share = plot.place(point) else { continue }
            let (px, py) = (left + share.x * plotW, top + share.y * plotH)
            svg +=
                "<circle cx=\"\(f(px))\" cy=\"\(f(py))\" r=\"3\" fill=\"\(colours[point.label % colours.count])\" stroke=\"#000\" stroke-width=\"0.5\"/>"
        }
        // Axes: each coordinate's range at its ends and middle.
        svg += "<path d=\"M\(f(left)),\(f(top)) V\(f(top + plotH)) H\(f(left + plotW))\" stroke=\"#333\" fill=\"none\"/>"
        for step in 0...2 {
            let share = Double(step) / 2
            let y = plot.y(at: 1 - share)
            svg += text(left - 4, top + plotH * share + 4, NumberText.significant(y, 3), anchor: "end")
            let x = plot.x(at: share)
            svg += text(left + plotW * share, top + plotH + 14, NumberText.significant(x, 3), anchor: "middle")
        }
        // The key: a swatch of each class's region with its points' mark, and its name, in rows
        // that fit the width.
        for (row, entries) in keyRows.enumerated() {
            let keyY = top + plotH + 36 + Double(row) * 18
            var keyX = left
            for index in entries {
                let (colour, name) = (colours[index % colours.count], "class \(plot.classNames[index])")
                svg +=
                    "<rect x=\"\(f(keyX))\" y=\"\(f(keyY - 9))\" width=\"12\" height=\"12\" fill=\"\(colour)\" fill-opacity=\"0.25\" stroke=\"#999\"/>"
                svg +=
                    "<circle cx=\"\(f(keyX + 6))\" cy=\"\(f(keyY - 3))\" r=\"3\" fill=\"\(colour)\" stroke=\"#000\" stroke-width=\"0.5\"/>"
                svg += text(keyX + 16, keyY + 1, name, anchor: "start")
                keyX += Double(Self.keyEntryWidth(plot.classNames[index]))
            }
        }
        return svg + "</svg>"
    }

    /// The width of a class's entry in the key: swatch, name, gap.
    static func keyEntryWidth(_ name: String) -> Int { 16 + "class \(name)".count * 7 + 12 }
}
