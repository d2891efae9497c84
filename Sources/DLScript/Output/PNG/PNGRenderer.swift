import Foundation

/// Renders plots and pictures as PNG for rich front ends, beside their SVG (`image/png`): notebooks
/// that are not trusted, nbconvert's outputs and GitHub's viewer show PNG where they will not show
/// SVG. The layouts follow the SVG renderer's, in whole pixels.
public enum PNGRenderer {
    /// The PNG of an event that is a picture (a plot, decision regions, images); nil for any other.
    public static func render(_ event: OutputEvent) -> [UInt8]? {
        switch event {
        case let .plot(plot): render(plot)
        case let .regions(plot): render(plot)
        case let .images(strip): render(strip)
        default: nil
        }
    }

    static let colours = SVGRenderer.colours.map(Canvas.Colour.init(hex:))
    /// The SVG renderer's dash patterns, in pixels drawn and skipped.
    static let dashes = SVGRenderer.dashes.map { $0.split(separator: ",").compactMap { Int($0) } }

    /// A title centred at the top, drawn twice a pixel apart so it reads as bold.
    static func title(_ text: String, on canvas: inout Canvas) {
        canvas.text(text, x: Double(canvas.width) / 2, y: 18, anchor: .middle)
        canvas.text(text, x: Double(canvas.width) / 2 + 1, y: 18, anchor: .middle)
    }
}
