import Foundation

/// A help answer in parts, for media richer than text (a notebook's inspector shows it as HTML or
/// Markdown): its title line, what it is, its arguments, its options and its example. Read from
/// the help's text, whose shape is fixed by `HelpText`:
///
/// ```
/// dense <units> [activation] [init <value>]   (layer)
///   a fully connected layer: y = activation(W x + b)
///   units: how many neurons
///   options:
///     init  how weights start
///   example: dense 128 relu
/// ```
public struct HelpPage: Sendable {
    /// The first line: a usage, or a word and what it is.
    public var title: String
    /// Lines that say what it is.
    public var paragraphs: [String] = []
    /// Arguments and what each is.
    public var fields: [(name: String, description: String)] = []
    /// Named options and what each is.
    public var options: [(name: String, description: String)] = []
    /// A line of DL that shows it.
    public var example: String?

    /// The page of a help text.
    public init(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        title = lines.first ?? ""
        var inOptions = false
        for line in lines.dropFirst() {
            if inOptions, line.hasPrefix("    "), let split = Self.pair(line.dropFirst(4), separator: "  ") {
                options.append(split)
                continue
            }
            inOptions = false
            let body = line.hasPrefix("  ") ? String(line.dropFirst(2)) : line
            if body == "options:" {
                inOptions = true
            } else if body.hasPrefix("example: ") {
                example = String(body.dropFirst("example: ".count))
            } else if let field = Self.pair(Substring(body), separator: ": "),
                field.name.allSatisfy({ $0.isLetter || $0 == "_" })
            {
                fields.append(field)
            } else if !body.isEmpty {
                paragraphs.append(body)
            }
        }
    }

    /// A word, then its description after `separator` (and any spaces).
    private static func pair(_ line: Substring, separator: String) -> (name: String, description: String)? {
        guard let range = line.range(of: separator) else { return nil }
        let name = line[..<range.lowerBound]
        guard !name.isEmpty, !name.contains(" ") else { return nil }
        return (String(name), line[range.upperBound...].trimmingCharacters(in: .whitespaces))
    }
}
