import Foundation

/// Renders plots as SVG for rich front ends (a notebook's `image/svg+xml`): axes with ticks, one
/// colour and one dash pattern per series (so they differ in grey too), and a legend.
public enum SVGRenderer {
    static let colours = [
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]
    static let dashes = ["", "6,3", "2,2", "8,3,2,3", "1,3", "10,4"]

    /// The SVG of an event that is a picture (a plot, decision regions, images); nil for any other.
    public static func render(_ event: OutputEvent) -> String? {
        switch event {
        case let .plot(plot): render(plot)
        case let .regions(plot): render(plot)
        case let .images(strip): render(strip)
        default: nil
        }
    }

    /// The opening of an SVG document on a white page.
    static func header(_ width: Int, _ height: Int) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"11\">"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
    }

    /// A text element at (x, y), escaped.
    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String, weight: String = "normal") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\">\(HTMLRenderer.escape(content))</text>"
    }

    /// A coordinate with one decimal.
    static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
