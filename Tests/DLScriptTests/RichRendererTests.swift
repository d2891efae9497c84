import DLScript
import Foundation
import Testing

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

    @Test("the HTML loss table shows the rows so far with the best in bold")
    func htmlLossTable() {
        let html = HTMLRenderer.render(lossTable: [
            .header(["epoch", "loss"]), .row(["1", "0.5"], columns: ["epoch", "loss"], isBest: true),
            .row(["2", "0.6"], columns: ["epoch", "loss"], isBest: false), .footer(["finished: 2 epochs"]),
        ])
        #expect(html.contains("<tr style=\"font-weight:bold\"><td style=\"text-align:right\">1</td>"))
        #expect(html.contains("<tr><td style=\"text-align:right\">2</td>"))
        #expect(html.hasSuffix("<tfoot><tr><td colspan=\"2\">finished: 2 epochs</td></tr></tfoot></table>"))
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
        let names = try #require(elements(SVGRenderer.render(plot)))
        #expect(names.filter { $0 == "rect" }.count == 9)
    }
}
