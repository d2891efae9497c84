/// An RGB picture drawn pixel by pixel for `image/png`: rectangles, lines, dots and text in the
/// 5 x 7 `PixelFont`. No anti-aliasing: what notebooks show when they will not show SVG.
struct Canvas {
    /// A colour as red, green and blue bytes.
    struct Colour: Equatable {
        var red: UInt8, green: UInt8, blue: UInt8

        static let white = Colour(red: 255, green: 255, blue: 255)
        static let black = Colour(red: 0, green: 0, blue: 0)
        static let axis = Colour(red: 0x33, green: 0x33, blue: 0x33)
        static let border = Colour(red: 0xCC, green: 0xCC, blue: 0xCC)

        /// `#rrggbb`, as the SVG renderer names its colours.
        init(hex: String) {
            let value = UInt32(hex.dropFirst(), radix: 16) ?? 0
            self.init(red: UInt8(value >> 16 & 0xFF), green: UInt8(value >> 8 & 0xFF), blue: UInt8(value & 0xFF))
        }

        init(red: UInt8, green: UInt8, blue: UInt8) {
            (self.red, self.green, self.blue) = (red, green, blue)
        }

        /// This colour at `opacity` over white.
        func overWhite(_ opacity: Double) -> Colour {
            func mix(_ c: UInt8) -> UInt8 { UInt8((Double(c) * opacity + 255 * (1 - opacity)).rounded()) }
            return Colour(red: mix(red), green: mix(green), blue: mix(blue))
        }
    }

    /// Where text sits relative to its x.
    enum Anchor { case start, middle, end }

    let width: Int
    let height: Int
    private var pixels: [UInt8]

    /// A white canvas.
    init(width: Int, height: Int) {
        self.width = Swift.max(width, 1)
        self.height = Swift.max(height, 1)
        pixels = [UInt8](repeating: 255, count: self.width * self.height * 3)
    }

    /// Sets one pixel; outside the canvas, nothing.
    mutating func set(_ x: Int, _ y: Int, _ colour: Colour) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let at = (y * width + x) * 3
        (pixels[at], pixels[at + 1], pixels[at + 2]) = (colour.red, colour.green, colour.blue)
    }

    /// Fills the rectangle from (x, y), `w` by `h` pixels.
    mutating func fill(x: Int, y: Int, w: Int, h: Int, _ colour: Colour) {
        for row in Swift.max(y, 0)..<Swift.max(Swift.min(y + h, height), Swift.max(y, 0)) {
            for column in Swift.max(x, 0)..<Swift.max(Swift.min(x + w, width), Swift.max(x, 0)) {
                set(column, row, colour)
            }
        }
    }

    /// The outline of a rectangle, one pixel wide.
    mutating func frame(x: Int, y: Int, w: Int, h: Int, _ colour: Colour) {
        fill(x: x, y: y, w: w, h: 1, colour)
        fill(x: x, y: y + h - 1, w: w, h: 1, colour)
        fill(x: x, y: y, w: 1, h: h, colour)
        fill(x: x + w - 1, y: y, w: 1, h: h, colour)
    }

    /// A line from one point to another, `thickness` pixels wide; with a `dash` pattern (lengths
    /// of drawn and skipped pixels along the line), dashed.
    mutating func line(
        from start: (x: Double, y: Double), to end: (x: Double, y: Double), _ colour: Colour, thickness: Int = 1,
        dash: [Int] = []
    ) {
        guard let start = Self.point(start), let end = Self.point(end) else { return }
        let steps = Swift.max(Int(Swift.max(abs(end.x - start.x), abs(end.y - start.y)).rounded(.up)), 1)
        let period = dash.reduce(0, +)
        for step in 0...steps {
            if period > 0 {
                var position = step % period
                var drawn = true
                for length in dash {
                    if position < length { break }
                    position -= length
                    drawn.toggle()
                }
                if !drawn { continue }
            }
            let share = Double(step) / Double(steps)
            let x = Int((start.x + (end.x - start.x) * share).rounded())
            let y = Int((start.y + (end.y - start.y) * share).rounded())
            fill(x: x - (thickness - 1) / 2, y: y - (thickness - 1) / 2, w: thickness, h: thickness, colour)
        }
    }

    /// A filled dot of `radius` pixels, with an outline when `outline` is given.
    mutating func dot(x: Double, y: Double, radius: Double, _ colour: Colour, outline: Colour? = nil) {
        guard let centre = Self.point((x, y)) else { return }
        let (cx, cy) = (Int(centre.x.rounded()), Int(centre.y.rounded()))
        let reach = Int(radius.rounded(.up))
        for dy in -reach...reach {
            for dx in -reach...reach {
                let distance = Double(dx * dx + dy * dy).squareRoot()
                guard distance <= radius else { continue }
                set(cx + dx, cy + dy, outline != nil && distance > radius - 1 ? outline! : colour)
            }
        }
    }

    /// A point where drawing it makes sense: none when a coordinate is infinite or NaN (a value a
    /// plot could not place), and far-off coordinates brought within a million pixels, so that
    /// they convert to `Int` and a line to them has a bounded number of steps.
    private static func point(_ point: (x: Double, y: Double)) -> (x: Double, y: Double)? {
        guard point.x.isFinite, point.y.isFinite else { return nil }
        let reach = 1e6
        return (Swift.min(Swift.max(point.x, -reach), reach), Swift.min(Swift.max(point.y, -reach), reach))
    }

    /// Text whose baseline is at `y`, `scale` pixels per font pixel.
    mutating func text(_ text: String, x: Double, y: Double, _ colour: Colour = .black, anchor: Anchor = .start, scale: Int = 1) {
        guard let origin = Self.point((x, y)) else { return }
        let length = text.count * PixelFont.advance * scale
        var left: Int
        switch anchor {
        case .start: left = Int(origin.x.rounded())
        case .middle: left = Int(origin.x.rounded()) - length / 2
        case .end: left = Int(origin.x.rounded()) - length
        }
        let top = Int(origin.y.rounded()) - 7 * scale
        for character in text {
            for (row, bits) in PixelFont.glyph(character).enumerated() {
                for column in 0..<5 where bits & (0x10 >> UInt8(column)) != 0 {
                    fill(x: left + column * scale, y: top + row * scale, w: scale, h: scale, colour)
                }
            }
            left += PixelFont.advance * scale
        }
    }

    /// How many pixels wide `text` is at `scale`.
    static func width(of text: String, scale: Int = 1) -> Int { text.count * PixelFont.advance * scale }

    /// The picture as a PNG file.
    var png: [UInt8] { PNG.encode(pixels, width: width, height: height, colour: .rgb) }
}
