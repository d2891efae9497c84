extension PNGRenderer {
    /// Images in grey, `scale` pixels per pixel, dark ink on white, each with its caption under it
    /// and each row's label on its left.
    public static func render(_ strip: ImageStrip, scale: Int = 3) -> [UInt8] {
        guard let first = strip.rows.first?.images.first else { return Canvas(width: 320, height: 40).png }
        let (imageW, imageH) = (first.width * scale, first.height * scale)
        let labelW = strip.rows.contains { !$0.label.isEmpty } ? 64 : 0
        // Captions at 7 pixels a character (the SVG's measure), a line of 14 pixels each.
        let characters = (imageW + 12) / 7
        let (gap, captionH, top) = (12, 2 + 14 * strip.captionLineCount(characters: characters), 28)
        let count = strip.rows.map(\.images.count).max() ?? 0
        // The SVG's size, whose text is measured at 7 pixels a character, so both are one picture.
        let width = max(8 + labelW + count * (imageW + gap), strip.title.count * 7 + 16)
        var canvas = Canvas(width: width, height: top + strip.rows.count * (imageH + captionH + gap))
        title(strip.title, on: &canvas)
        for (r, row) in strip.rows.enumerated() {
            let y = top + r * (imageH + captionH + gap)
            canvas.text(row.label, x: 8, y: Double(y + imageH / 2))
            for (i, image) in row.images.enumerated() {
                let x = 8 + labelW + i * (imageW + gap)
                let range = strip.range(of: image)
                for py in 0..<image.height {
                    for px in 0..<image.width {
                        let ink = ImageStrip.ink(image.values[py * image.width + px], in: range)
                        let grey = UInt8((255 * (1 - ink)).rounded())
                        canvas.fill(
                            x: x + px * scale, y: y + py * scale, w: scale, h: scale,
                            Canvas.Colour(red: grey, green: grey, blue: grey))
                    }
                }
                canvas.frame(x: x, y: y, w: imageW, h: imageH, .border)
                for (line, caption) in ImageStrip.captionLines(image.caption, characters: characters).enumerated() {
                    canvas.text(caption, x: Double(x + imageW / 2), y: Double(y + imageH + 12 + 14 * line), anchor: .middle)
                }
            }
        }
        return canvas.png
    }
}
