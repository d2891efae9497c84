/// Images in characters: a shade for each block of pixels.
extension ImageStrip {
    static let unicodeShades: [Character] = [" ", "░", "▒", "▓", "█"]
    static let asciiShades: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    /// The strip as text at most `width` columns wide (unless one image is wider); `ascii` shades
    /// with ASCII characters.
    public func render(width: Int = 72, ascii: Bool = false) -> String {
        guard let first = rows.first?.images.first else { return title }
        let shades = ascii ? Self.asciiShades : Self.unicodeShades
        let step = (first.width + columnsAtMost - 1) / columnsAtMost
        let columns = (first.width + step - 1) / step
        let lines = (first.height + 2 * step - 1) / (2 * step)
        let labelWidth = rows.map(\.label.count).max().map { $0 > 0 ? $0 + 1 : 0 } ?? 0
        let perBand = Swift.max(1, (width - labelWidth + 2) / (columns + 2))
        let count = rows.map(\.images.count).max() ?? 0

        func drawing(_ image: Image) -> [String] {
            let range = range(of: image)
            return (0..<lines).map { line in
                String(
                    (0..<columns).map { column -> Character in
                        var sum: Float = 0
                        var n = 0
                        for y in (line * 2 * step)..<Swift.min(image.height, (line + 1) * 2 * step) {
                            for x in (column * step)..<Swift.min(image.width, (column + 1) * step) {
                                sum += Self.ink(image.values[y * image.width + x], in: range)
                                n += 1
                            }
                        }
                        let level = n == 0 ? 0 : sum / Float(n)
                        return shades[Int((level * Float(shades.count - 1)).rounded())]
                    })
            }
        }
        func padded(_ text: String, _ length: Int) -> String {
            let cut = String(text.prefix(length))
            return cut + String(repeating: " ", count: length - cut.count)
        }

        var output = [title]
        for start in stride(from: 0, to: count, by: perBand) {
            for row in rows {
                let images = row.images[Swift.min(start, row.images.count)..<Swift.min(start + perBand, row.images.count)]
                guard !images.isEmpty else { continue }
                let drawings = images.map(drawing)
                for line in 0..<lines {
                    let label = line == 0 ? row.label : ""
                    let text = padded(label, labelWidth) + drawings.map { $0[line] }.joined(separator: "  ")
                    output.append(text.trimmingTrailingSpaces())
                }
                let captions = padded("", labelWidth) + images.map { padded($0.caption, columns) }.joined(separator: "  ")
                output.append(captions.trimmingTrailingSpaces())
            }
        }
        return output.joined(separator: "\n")
    }
}
