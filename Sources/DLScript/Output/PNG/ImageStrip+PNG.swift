extension PNGRenderer {
    /// Images in grey, `scale` pixels per pixel, dark ink on white, each with its caption under it
    /// and each row's label on its left: the SVG's layout.
    public static func render(_ strip: ImageStrip, scale: Int = 3) -> [UInt8] {
        guard let first = strip.rows.first?.images.first else { return Canvas(width: 320, height: 40).png }
        let layout = ImageStripLayout(strip, first: first, scale: scale)
        let (imageW, imageH) = (layout.imageWidth, layout.imageHeight)
        var canvas = Canvas(width: layout.width, height: layout.height)
        title(strip.title, on: &canvas)
        for (r, row) in strip.rows.enumerated() {
            let y = layout.y(row: r)
            canvas.text(row.label, x: 8, y: Double(y + imageH / 2))
            for (i, image) in row.images.enumerated() {
                let x = layout.x(image: i)
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
                for line in layout.captionLines(image.caption, under: y) {
                    canvas.text(line.text, x: Double(x + imageW / 2), y: Double(line.baseline), anchor: .middle)
                }
            }
        }
        return canvas.png
    }
}
