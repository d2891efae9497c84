import Foundation

extension SVGRenderer {
    /// Images as crisp grey PNGs, `scale` screen pixels per pixel, dark ink on white, each with
    /// its caption under it and each row's label on its left.
    public static func render(_ strip: ImageStrip, scale: Int = 3) -> String {
        guard let first = strip.rows.first?.images.first else { return header(320, 40) + "</svg>" }
        let (imageW, imageH) = (first.width * scale, first.height * scale)
        let labelW = strip.rows.contains { !$0.label.isEmpty } ? 64 : 0
        // Captions at 7 pixels a character (the SVG's measure), a line of 14 pixels each.
        let characters = (imageW + 12) / 7
        let (gap, captionH, top) = (12, 2 + 14 * strip.captionLineCount(characters: characters), 28)
        let count = strip.rows.map(\.images.count).max() ?? 0
        // Wide enough for the title too (bold 11 px type is under 7 px a character), so it is not clipped.
        let width = max(8 + labelW + count * (imageW + gap), strip.title.count * 7 + 16)
        let height = top + strip.rows.count * (imageH + captionH + gap)
        var svg = header(width, height) + text(Double(width) / 2, 18, strip.title, anchor: "middle", weight: "bold")
        for (r, row) in strip.rows.enumerated() {
            let y = top + r * (imageH + captionH + gap)
            svg += text(8, Double(y + imageH / 2), row.label, anchor: "start")
            for (i, image) in row.images.enumerated() {
                let x = 8 + labelW + i * (imageW + gap)
                let range = strip.range(of: image)
                let grey = image.values.map { UInt8((255 * (1 - ImageStrip.ink($0, in: range))).rounded()) }
                let png = Data(PNG.encode(grey, width: image.width, height: image.height, colour: .grey)).base64EncodedString()
                svg +=
                    "<image x=\"\(x)\" y=\"\(y)\" width=\"\(imageW)\" height=\"\(imageH)\" image-rendering=\"pixelated\" preserveAspectRatio=\"none\" href=\"data:image/png;base64,\(png)\"/>"
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(imageW)\" height=\"\(imageH)\" fill=\"none\" stroke=\"#ccc\"/>"
                for (line, caption) in ImageStrip.captionLines(image.caption, characters: characters).enumerated() {
                    svg += text(Double(x + imageW / 2), Double(y + imageH + 12 + 14 * line), caption, anchor: "middle")
                }
            }
        }
        return svg + "</svg>"
    }
}
