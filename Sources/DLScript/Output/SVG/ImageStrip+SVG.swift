import Foundation

extension SVGRenderer {
    /// Images as crisp grey PNGs, `scale` screen pixels per pixel, dark ink on white, each with
    /// its caption under it and each row's label on its left.
    public static func render(_ strip: ImageStrip, scale: Int = 3) -> String {
        guard let first = strip.rows.first?.images.first else { return header(320, 40) + "</svg>" }
        let layout = ImageStripLayout(strip, first: first, scale: scale)
        let (imageW, imageH) = (layout.imageWidth, layout.imageHeight)
        var svg =
            header(layout.width, layout.height)
            + text(Double(layout.width) / 2, 18, strip.title, anchor: "middle", weight: "bold")
        for (r, row) in strip.rows.enumerated() {
            let y = layout.y(row: r)
            svg += text(8, Double(y + imageH / 2), row.label, anchor: "start")
            for (i, image) in row.images.enumerated() {
                let x = layout.x(image: i)
                let range = strip.range(of: image)
                let grey = image.values.map { UInt8((255 * (1 - ImageStrip.ink($0, in: range))).rounded()) }
                let png = Data(PNG.encode(grey, width: image.width, height: image.height, colour: .grey)).base64EncodedString()
                svg +=
                    "<image x=\"\(x)\" y=\"\(y)\" width=\"\(imageW)\" height=\"\(imageH)\" image-rendering=\"pixelated\" preserveAspectRatio=\"none\" href=\"data:image/png;base64,\(png)\"/>"
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(imageW)\" height=\"\(imageH)\" fill=\"none\" stroke=\"#ccc\"/>"
                for line in layout.captionLines(image.caption, under: y) {
                    svg += text(Double(x + imageW / 2), Double(line.baseline), line.text, anchor: "middle")
                }
            }
        }
        return svg + "</svg>"
    }
}
