/// Where the parts of an image strip go in a picture, in pixels. The SVG and PNG renderers draw
/// this one layout, so a notebook's two pictures of a strip are the same size; text is measured
/// at 7 pixels a character (bold 11 px type is under that).
struct ImageStripLayout {
    let imageWidth: Int
    let imageHeight: Int
    /// The room for row labels on the left; none when no row has one.
    let labelWidth: Int
    /// How many characters a caption line holds under an image.
    let captionCharacters: Int
    let captionHeight: Int
    let width: Int
    let height: Int

    static let gap = 12
    static let top = 28
    static let left = 8
    static let captionLine = 14

    /// The layout of `strip`, whose images are the size of `first`, `scale` pixels per pixel.
    init(_ strip: ImageStrip, first: ImageStrip.Image, scale: Int) {
        (imageWidth, imageHeight) = (first.width * scale, first.height * scale)
        labelWidth = strip.rows.contains { !$0.label.isEmpty } ? 64 : 0
        captionCharacters = (imageWidth + Self.gap) / 7
        captionHeight = 2 + Self.captionLine * strip.captionLineCount(characters: captionCharacters)
        let count = strip.rows.map(\.images.count).max() ?? 0
        // Wide enough for the title too, so that it is not clipped.
        width = Swift.max(Self.left + labelWidth + count * (imageWidth + Self.gap), strip.title.count * 7 + 16)
        height = Self.top + strip.rows.count * (imageHeight + captionHeight + Self.gap)
    }

    /// The top of row `row`'s images.
    func y(row: Int) -> Int { Self.top + row * (imageHeight + captionHeight + Self.gap) }

    /// The left of image `index` in a row.
    func x(image index: Int) -> Int { Self.left + labelWidth + index * (imageWidth + Self.gap) }

    /// Each line of `caption` with the baseline it sits on under an image whose top is `y`.
    func captionLines(_ caption: String, under y: Int) -> [(text: String, baseline: Int)] {
        ImageStrip.captionLines(caption, characters: captionCharacters).enumerated().map { line, text in
            (text, y + imageHeight + 12 + Self.captionLine * line)
        }
    }
}
