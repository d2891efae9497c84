extension SVGRenderer {
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
}
