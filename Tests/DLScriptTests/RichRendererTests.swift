import CZlib
import DLCore
import Foundation
import Testing

@testable import DLScript

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// HTML tables and SVG plots for rich front ends, and decision regions as text.
@Suite("Rich renderers")
struct RichRendererTests {
    @Test("an HTML table escapes its text and aligns numbers right")
    func htmlTable() {
        let table = Table(title: "a < b", columns: ["name", "value"], rows: [["x & y", "1"]], footer: ["total \"1\""])
        #expect(
            HTMLRenderer.render(table)
                == "<table class=\"dl-table\"><caption>a &lt; b</caption><thead><tr><th>name</th><th>value</th></tr></thead><tbody><tr><td>x &amp; y</td><td style=\"text-align:right\">1</td></tr></tbody><tfoot><tr><td colspan=\"2\">total &quot;1&quot;</td></tr></tfoot></table>"
        )
    }

    @Test("the HTML loss table shows the rows so far, a new best marked with * as in text")
    func htmlLossTable() {
        var table = LossTable(accuracy: false, validation: false, seconds: false)
        let records = [
            EpochRecord(epoch: 1, loss: 0.5, learningRate: 0.01, seconds: 1),
            EpochRecord(epoch: 2, loss: 0.6, learningRate: 0.01, seconds: 1),
        ]
        table.append(records[0], isBest: true)
        table.append(records[1], isBest: false)
        table.finish(TrainingOutcome(reason: .completed, history: records, bestEpoch: 1))
        let html = HTMLRenderer.render(table)
        #expect(html.contains("<thead><tr><th>epoch</th><th>loss</th><th>lr</th><th></th></tr></thead>"))
        #expect(
            html.contains(
                "<tr><td style=\"text-align:right\">1</td><td style=\"text-align:right\">0.5000</td><td style=\"text-align:right\">0.0100</td><td>*</td></tr>"
            ))
        #expect(
            html.contains(
                "<tr><td style=\"text-align:right\">2</td><td style=\"text-align:right\">0.6000</td><td style=\"text-align:right\">0.0100</td><td></td></tr>"
            ))
        #expect(
            html.hasSuffix(
                "<tfoot><tr><td colspan=\"4\">* best epoch: 1 (lowest loss)<br>finished: 2 epochs</td></tr></tfoot></table>"))
    }

    /// The element names of an SVG document, or nil when it is not well-formed XML.
    func elements(_ svg: String) -> [String]? {
        final class Names: NSObject, XMLParserDelegate {
            var names: [String] = []
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                names.append(name)
            }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let names = Names()
        parser.delegate = names
        return parser.parse() ? names.names : nil
    }

    @Test("an SVG line plot is well-formed, with a path per series and a legend entry each")
    func svgPlot() throws {
        let plot = LinePlot(
            title: "loss & more",
            series: [.init(name: "loss", values: [1, 0.5, 0.25]), .init(name: "val_loss", values: [1, 0.8, 0.7])])
        let svg = SVGRenderer.render(plot)
        let names = try #require(elements(svg))
        #expect(names.first == "svg")
        #expect(names.filter { $0 == "circle" }.count == 6)
        #expect(svg.contains(">loss &amp; more</text>") && svg.contains(">val_loss</text>"))
        #expect(svg.contains("stroke-dasharray=\"6,3\""), "the second series is dashed, so it reads in grey too")
        #expect(elements(SVGRenderer.render(LinePlot(title: "empty", series: []))) != nil)
    }

    @Test("decision regions: a fill per class, a mark per point, and a legend")
    func regions() throws {
        let plot = RegionPlot(
            title: "regions", cells: [0, 0, 1, 1, 0, 1, 1, 1], columns: 4, rows: 2, xRange: 0...3, yRange: 0...1,
            points: [.init(x: 0, y: 1, label: 0), .init(x: 3, y: 0, label: 1)], classNames: ["a", "b"])
        #expect(
            plot.render(ascii: true) == """
                regions
                 1.00 |o.::
                    0 |.::x
                      +----
                       0 3.00
                       regions: . a  : b    points: o a  x b
                """)
        let svg = SVGRenderer.render(plot)
        let names = try #require(elements(svg))
        // The background, a cell each, and a swatch per class in the key.
        #expect(names.filter { $0 == "rect" }.count == 1 + 8 + 2)
        #expect(names.filter { $0 == "circle" }.count == 2 + 2, "a point each, and each class's mark in the key")
        #expect(svg.contains(">class a</text>") && svg.contains(">class b</text>"))
        #expect(svg.contains(">3.00</text>") && svg.contains(">1.00</text>"), "the axes show each coordinate's range")
    }

    @Test("a scatter is the points alone: no cells, a mark per point, the key of points only")
    func scatter() throws {
        let plot = RegionPlot(
            title: "toy", cells: [], columns: 4, rows: 2, xRange: 0...3, yRange: 0...1,
            points: [.init(x: 0, y: 1, label: 0), .init(x: 3, y: 0, label: 1)], classNames: ["a", "b"])
        #expect(
            plot.render(ascii: true) == """
                toy
                 1.00 |o
                    0 |   x
                      +----
                       0 3.00
                       points: o a  x b
                """)
        let names = try #require(elements(SVGRenderer.render(plot)))
        #expect(names.filter { $0 == "rect" }.count == 1 + 2, "the background and the key's swatches, no cells")
        #expect(names.filter { $0 == "circle" }.count == 2 + 2)
        #expect(!PNGRenderer.render(plot).isEmpty)
    }
}

/// Values at the ends of `Float`'s range, infinities and NaN, through every renderer: the fuzzer
/// found that `plot [1e-45, 3e38, -3e38]` trapped, because the span of the axis overflowed.
@Suite("Extreme values in plots")
struct ExtremePlotTests {
    @Test("a line plot spanning Float's whole range places every finite value and labels finite ticks")
    func extremeLine() throws {
        let plot = LinePlot(
            title: "wide", series: [.init(name: "v", values: [1e-45, 3e38, -3e38, .infinity, .nan, -.greatestFiniteMagnitude])])
        let text = plot.render(width: 40, height: 5, ascii: true)
        let rows = text.split(separator: "\n").dropFirst().prefix(5)
        #expect(rows.first?.hasPrefix("  3.000e+38 |") == true, "\(text)")
        #expect(rows.last?.hasPrefix(" -3.403e+38 |") == true, "\(text)")
        #expect(text.filter { $0 == "*" }.count == 4 + 1, "four finite values and the legend's mark: \(text)")
        #expect(!text.contains("inf") && !text.contains("nan"))
        let svg = SVGRenderer.render(plot)
        #expect(!svg.contains("nan") && !svg.contains("inf"), "every coordinate is a number")
        #expect(!PNGRenderer.render(plot).isEmpty)
        let same = LinePlot(title: "flat", series: [.init(name: "v", values: [.greatestFiniteMagnitude])])
        #expect(!same.render().contains("inf"), "a margin around the largest Float stays finite")
        #expect(!SVGRenderer.render(same).contains("inf"))
    }

    @Test("parameters a diverged training left infinite or NaN are counted apart; the rest are summarised and plotted")
    func nonFiniteParameters() {
        var values = (0..<100).map { Float($0) }
        values[3] = .nan
        values[4] = .infinity
        values[5] = -3e38
        values[6] = 3e38
        let parameter = ParameterValue(name: "w", shape: [10, 10], values: values, units: nil)
        let lines = parameter.display.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("; 2 not finite (NaN or infinite)") == true, "\(lines)")
        #expect(lines.first?.contains("min -3.00e+38, max 3.00e+38") == true, "\(lines)")
        let histogram = parameter.histogram(bins: 4)
        #expect(histogram.counts == [1, 0, 96, 1], "-3e38 and 3e38 at the ends, the 96 others just past the middle")
        #expect(histogram.step.isFinite)
    }

    @Test("on a logarithmic axis equal ratios are equal steps, and values of 0 or less are left out")
    func logarithmic() throws {
        let plot = LinePlot(
            title: "loss", series: [.init(name: "loss", values: [1000, 100, 10, 1, 0, -1])], logarithmic: true)
        let text = plot.render(width: 40, height: 4, ascii: true)
        let rows = text.split(separator: "\n").dropFirst().prefix(4).map(String.init)
        #expect(
            rows.map { $0.split(separator: "|")[0].trimmingCharacters(in: .whitespaces) } == ["1000", "", "10.0", "1.00"],
            "every other row is labelled")
        let columns = rows.map { row in row.firstIndex(of: "*").map { row.distance(from: row.startIndex, to: $0) } }
        #expect(columns.compactMap { $0 }.count == 4, "one mark a row, a row a factor of ten: \(text)")
        #expect(text.filter { $0 == "*" }.count == 4 + 1, "0 and -1 are not drawn: \(text)")
        let svg = SVGRenderer.render(plot)
        #expect(svg.contains(">1000</text>") && svg.contains(">1.00</text>") && svg.contains(">31.6</text>"))
        #expect(svg.filter { $0 == "<" }.count > 10 && !svg.contains("nan"))
        let narrow = LinePlot(title: "narrow", series: [.init(name: "loss", values: [2.393, 2.385])], logarithmic: true)
        let labels = narrow.render(width: 40, height: 6, ascii: true).split(separator: "\n").dropFirst().prefix(6)
            .map { $0.split(separator: "|")[0].trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(labels == ["2.393", "2.390", "2.387", "2.385"], "neighbouring labels differ: \(labels)")
    }

    @Test("a scatter leaves out points it cannot place and keeps the others")
    func extremeScatter() throws {
        let values: [Float] = [0, 1, .nan, .infinity, 3e38, -3e38]
        let range = Interpreter.padded(values)
        #expect(range.lowerBound.isFinite && range.upperBound.isFinite)
        #expect(range.lowerBound <= -3e38 && range.upperBound >= 3e38, "\(range)")
        let points = values.enumerated().map { RegionPlot.Point(x: $0.element, y: $0.element, label: $0.offset % 2) }
        let plot = RegionPlot(
            title: "wild", cells: [], columns: 20, rows: 8, xRange: range, yRange: range, points: points,
            classNames: ["a", "b"])
        let text = plot.render(ascii: true)
        let marks = text.split(separator: "\n").dropFirst().prefix(8).joined().filter { $0 == "o" || $0 == "x" }
        #expect(marks.count == 3, "0 and 1 share a cell, 3e38 and -3e38 are at the corners: \(text)")
        #expect(!SVGRenderer.render(plot).contains("nan"))
        #expect(!PNGRenderer.render(plot).isEmpty)
    }
}

/// Grey images as text and as SVG with PNGs inside.
@Suite("Image strips")
struct ImageStripTests {
    let strip = ImageStrip(
        title: "two",
        rows: [
            .init(
                label: "",
                images: [
                    .init(height: 2, width: 3, values: [0, 0.5, 1, 0, 0.5, 1], caption: "a"),
                    .init(height: 2, width: 3, values: [1, 1, 1, 0, 0, 0], caption: "bcdef"),
                ])
        ])

    @Test("a character is one pixel across and two down, darker for larger values; captions are cut to the image")
    func text() {
        #expect(strip.render(width: 72) == "two\n ▒█  ▒▒▒\na    bcd")
        #expect(strip.render(width: 72, ascii: true) == "two\n +@  +++\na    bcd")
        #expect(strip.render(width: 6) == "two\n ▒█\na\n▒▒▒\nbcd", "images that do not fit wrap into bands")
    }

    @Test("values outside [0, 1] are drawn over their own range, the same for every image")
    func range() {
        let raw = ImageStrip(
            title: "t",
            rows: [
                .init(label: "in", images: [.init(height: 2, width: 1, values: [-2, -2], caption: "")]),
                .init(label: "out", images: [.init(height: 2, width: 1, values: [2, 0], caption: "")]),
            ])
        #expect(raw.range == -2...2)
        #expect(raw.render() == "t\nin\n\nout ▓\n", "-2 is blank; 2 and 0 average to three quarters of the ink")
    }

    @Test("scaled each to its own range, a faint image shows its pattern as fully as a strong one")
    func eachImage() {
        let maps = ImageStrip(
            title: "m",
            rows: [
                .init(
                    label: "",
                    images: [
                        .init(height: 2, width: 2, values: [0, 0.1, 0, 0.1], caption: ""),
                        .init(height: 2, width: 2, values: [0, 8, 0, 8], caption: ""),
                        .init(height: 2, width: 2, values: [3, 3, 3, 3], caption: ""),
                    ])
            ], scale: .eachImage)
        #expect(maps.render() == "m\n █   █\n", "both patterns at full ink; a constant image is blank")
        var shared = maps
        shared.scale = .shared
        #expect(shared.render() == "m\n     █  ▒▒\n", "one range: the faint image vanishes")
    }

    @Test("as SVG, each image is a grey PNG whose pixels are the values, dark ink on white")
    func svg() throws {
        let svg = SVGRenderer.render(strip)
        #expect(RichRendererTests().elements(svg)?.filter { $0 == "image" }.count == 2)
        let prefix = "href=\"data:image/png;base64,"
        let start = try #require(svg.range(of: prefix)).upperBound
        let encoded = svg[start...].prefix { $0 != "\"" }
        let png = try #require(Data(base64Encoded: String(encoded))).map { $0 }
        #expect(png.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: width 3, height 2, 8 bits, colour type 0 (grey).
        #expect(Array(png[16..<26]) == [0, 0, 0, 3, 0, 0, 0, 2, 8, 0])
        // IDAT after IHDR (8 + 25 bytes): zlib data that inflates to, per row, a filter byte and
        // the pixels.
        let idat = 8 + 25
        #expect(Array(png[(idat + 4)..<(idat + 8)]) == Array("IDAT".utf8))
        let length = png[idat..<(idat + 4)].reduce(0) { $0 << 8 | Int($1) }
        let compressed = Array(png[(idat + 8)..<(idat + 8 + length)])
        var pixels = [UInt8](repeating: 0, count: 64)
        var size = uLong(pixels.count)
        #expect(uncompress(&pixels, &size, compressed, uLong(compressed.count)) == Z_OK)
        #expect(Array(pixels.prefix(Int(size))) == [0, 255, 128, 0, 0, 255, 128, 0])
    }
}

/// Plots and pictures as PNG, beside their SVG.
@Suite("PNG pictures")
struct PNGRendererTests {
    /// A PNG's width and height from its IHDR chunk.
    func size(_ png: [UInt8]) -> (width: Int, height: Int) {
        func word(_ at: Int) -> Int { png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (word(16), word(20))
    }

    @Test("a plot's PNG has the SVG's size and is a PNG file")
    func plot() {
        let plot = LinePlot(title: "loss", series: [.init(name: "loss", values: [3, 2, 1])])
        let png = PNGRenderer.render(plot)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(size(png) == (640, 360))
        #expect(png.count < 20_000, "deflated: a plot on white compresses well, \(png.count) bytes")
        #expect(PNGRenderer.render(.text("x")) == nil, "only pictures have a PNG")
    }

    @Test("every printable ASCII character has its own glyph within five columns")
    func font() {
        let glyphs = (32...126).map { PixelFont.glyph(Character(Unicode.Scalar($0)!)) }
        #expect(glyphs.allSatisfy { $0.count == 8 && $0.allSatisfy { $0 < 32 } })
        #expect(Set(glyphs.map { $0.map(String.init).joined(separator: ",") }).count == 95, "no two characters look alike")
        #expect(glyphs[0].allSatisfy { $0 == 0 }, "the space is blank")
    }
}

@Suite("Image captions in pictures")
struct CaptionLineTests {
    @Test("a caption breaks after its commas and each line is cut to the image's width")
    func captionLines() {
        #expect(ImageStrip.captionLines("9 Ankle boot", characters: 13) == ["9 Ankle boot"])
        #expect(ImageStrip.captionLines("Coat, not Shirt", characters: 13) == ["Coat,", "not Shirt"])
        #expect(ImageStrip.captionLines("T-shirt/top, not Pullover", characters: 10) == ["T-shirt...", "not Pul..."])
        let strip = ImageStrip(
            title: "t", rows: [.init(label: "", images: [.init(height: 1, width: 1, values: [0], caption: "a, b")])])
        #expect(strip.captionLineCount(characters: 13) == 2)
    }
}
