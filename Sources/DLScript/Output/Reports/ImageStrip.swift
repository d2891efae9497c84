/// Grey images side by side, each with a caption: a few samples of an image data set, or an
/// autoencoder's inputs above its reconstructions.
///
/// As text, a character stands for one pixel across and two down (characters are about twice as
/// tall as wide), with denser shades for larger values; images that do not fit the width wrap
/// into further bands:
///
/// ```
/// fashion.test[0:2]
///         ▒▓▓▓▒                  ▒▓▓▓▓▓▓▓▓▓▒
///       ░▓███▓▒░               ▒████████████▒
///  …
/// 9 Ankle boot                 2 Pullover
/// ```
public struct ImageStrip: Sendable, Equatable {
    /// One image of `height × width` values, row by row.
    public struct Image: Sendable, Equatable {
        public var height: Int
        public var width: Int
        public var values: [Float]
        public var caption: String

        public init(height: Int, width: Int, values: [Float], caption: String) {
            precondition(values.count == height * width && height > 0 && width > 0, "one value per pixel")
            self.height = height
            self.width = width
            self.values = values
            self.caption = caption
        }
    }

    /// Images that belong together, e.g. `input` or `output`, under one label ("" for none).
    public struct Row: Sendable, Equatable {
        public var label: String
        public var images: [Image]

        public init(label: String, images: [Image]) {
            self.label = label
            self.images = images
        }
    }

    /// How values become ink.
    public enum Scale: Sendable, Equatable {
        /// One range for every image, so that they compare: [0, 1] when every value lies in it
        /// (pixels), the values' own range otherwise (standardized data, raw outputs).
        case shared
        /// Each image from its own lowest to its highest value, so that a faint one still shows
        /// its pattern (feature maps).
        case eachImage
    }

    public var title: String
    public let rows: [Row]
    /// The most columns an image takes in text: wider images are drawn at a coarser step (a
    /// character for 2 x 4 pixels, 3 x 6, …). Small multiples such as feature maps use fewer.
    public var columnsAtMost: Int
    public var scale: Scale
    /// The values drawn as blank and as full ink when the scale is shared.
    public let range: ClosedRange<Float>

    public init(title: String, rows: [Row], scale: Scale = .shared, columnsAtMost: Int = 40) {
        let sizes = Set(rows.flatMap { $0.images.map { [$0.height, $0.width] } })
        precondition(sizes.count <= 1, "images of one size")
        self.title = title
        self.rows = rows
        self.scale = scale
        self.columnsAtMost = Swift.max(1, columnsAtMost)
        let values = rows.flatMap { $0.images.flatMap(\.values) }
        let span = Self.span(values)
        range = span.lowerBound >= 0 && span.upperBound <= 1 ? 0...1 : span
    }

    /// The values drawn as blank and as full ink in `image`.
    public func range(of image: Image) -> ClosedRange<Float> { scale == .shared ? range : Self.span(image.values) }

    /// Ink from 0 (none) to 1 (full) for a value in `range`.
    public static func ink(_ value: Float, in range: ClosedRange<Float>) -> Float {
        guard value.isFinite else { return 0 }
        return Swift.min(1, Swift.max(0, (value - range.lowerBound) / (range.upperBound - range.lowerBound)))
    }

    /// From the lowest finite value to the highest; a constant image is blank.
    private static func span(_ values: [Float]) -> ClosedRange<Float> {
        let finite = values.filter(\.isFinite)
        let low = finite.min() ?? 0
        let high = finite.max() ?? 1
        return low < high ? low...high : low...(low + 1)
    }

    /// A caption as the lines a picture shows under an image `characters` wide: split after its
    /// commas (`Coat,` over `not Shirt`), each line cut with `...` (the PNG font is ASCII) when it is
    /// still too long.
    public static func captionLines(_ caption: String, characters: Int) -> [String] {
        let parts = caption.split(separator: ",", omittingEmptySubsequences: false).enumerated().map { index, part in
            (index == 0 ? String(part) : String(part.drop { $0 == " " }))
        }
        let lines = parts.enumerated().map { index, part in index < parts.count - 1 ? part + "," : part }
        return lines.map { $0.count <= characters ? $0 : String($0.prefix(Swift.max(1, characters - 3))) + "..." }
    }

    /// The most caption lines any image of the strip has, in a picture where an image is
    /// `characters` wide.
    public func captionLineCount(characters: Int) -> Int {
        rows.flatMap(\.images).map { Self.captionLines($0.caption, characters: characters).count }.max() ?? 1
    }
}
