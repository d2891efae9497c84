import DLScript

/// The kernel's logo, drawn at any size: a small neural network (two inputs, three hidden
/// neurons, one output, every connection drawn) in white on a rounded blue square.
enum Logo {
    /// The logo as a PNG image of `size` x `size` pixels.
    static func png(size: Int) -> [UInt8] { PNG.encode(pixels(size: size), width: size, height: size, colour: .rgba) }

    /// RGBA pixels, row by row, each averaged over 4 x 4 samples for smooth edges.
    static func pixels(size: Int) -> [UInt8] {
        let layers: [[(Double, Double)]] = [
            [(0.22, 0.35), (0.22, 0.65)],
            [(0.5, 0.25), (0.5, 0.5), (0.5, 0.75)],
            [(0.78, 0.5)],
        ]
        var segments: [((Double, Double), (Double, Double))] = []
        for (from, to) in zip(layers, layers.dropFirst()) {
            for a in from { for b in to { segments.append((a, b)) } }
        }
        let nodes = layers.flatMap { $0 }
        let background: (Double, Double, Double) = (31, 59, 112)
        var pixels = [UInt8](repeating: 0, count: size * size * 4)
        let samples = 4
        for row in 0..<size {
            for column in 0..<size {
                var colour = (0.0, 0.0, 0.0, 0.0)
                for sy in 0..<samples {
                    for sx in 0..<samples {
                        let x = (Double(column) + (Double(sx) + 0.5) / Double(samples)) / Double(size)
                        let y = (Double(row) + (Double(sy) + 0.5) / Double(samples)) / Double(size)
                        guard insideRoundedSquare(x, y, radius: 0.18) else { continue }
                        let onNode = nodes.contains { (x - $0.0) * (x - $0.0) + (y - $0.1) * (y - $0.1) <= 0.075 * 0.075 }
                        let onLine = segments.contains { distance((x, y), $0.0, $0.1) <= 0.018 }
                        let (r, g, b) = onNode ? (255.0, 255.0, 255.0) : onLine ? (160.0, 190.0, 235.0) : background
                        colour = (colour.0 + r, colour.1 + g, colour.2 + b, colour.3 + 255)
                    }
                }
                let count = Double(samples * samples)
                let covered = colour.3 / 255
                let offset = (row * size + column) * 4
                if covered > 0 {
                    pixels[offset] = UInt8((colour.0 / covered).rounded())
                    pixels[offset + 1] = UInt8((colour.1 / covered).rounded())
                    pixels[offset + 2] = UInt8((colour.2 / covered).rounded())
                }
                pixels[offset + 3] = UInt8((colour.3 / count).rounded())
            }
        }
        return pixels
    }

    private static func insideRoundedSquare(_ x: Double, _ y: Double, radius: Double) -> Bool {
        let dx = Swift.max(radius - x, x - (1 - radius), 0)
        let dy = Swift.max(radius - y, y - (1 - radius), 0)
        return dx * dx + dy * dy <= radius * radius
    }

    /// The distance from point `p` to the segment from `a` to `b`.
    private static func distance(_ p: (Double, Double), _ a: (Double, Double), _ b: (Double, Double)) -> Double {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1)
        let t = Swift.min(1, Swift.max(0, ((p.0 - a.0) * dx + (p.1 - a.1) * dy) / (dx * dx + dy * dy)))
        let (cx, cy) = (a.0 + t * dx - p.0, a.1 + t * dy - p.1)
        return (cx * cx + cy * cy).squareRoot()
    }
}
