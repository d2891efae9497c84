/// An error in DL code or in what it asked for: where (a range in a named source), what went
/// wrong, and what to do. Thrown by the lexer, parser, resolver and interpreter alike.
public struct Diagnostic: Error, Sendable, Equatable {
    /// The name of the code's source: a file path, `cell 3`, `<stdin>`.
    public var source: String
    /// Where the problem is.
    public var range: SourceRange
    /// What is wrong, e.g. `unknown layer 'dense2'`.
    public var message: String
    /// What to do, e.g. `did you mean 'dense'?`; nil when there is nothing more to say.
    public var help: String?
    /// The line the range is on, filled in before the diagnostic reaches a front end.
    public var sourceLine: String

    public init(range: SourceRange, message: String, help: String? = nil) {
        self.source = ""
        self.range = range
        self.message = message
        self.help = help
        self.sourceLine = ""
    }

    /// The message and its help on one line, as a notebook's error value shows it.
    public var summary: String { help.map { "\(message) — \($0)" } ?? message }

    /// The diagnostic as a compiler prints it:
    /// ```
    /// cell:3:3: error: unknown layer 'dense2' — did you mean 'dense'?
    ///   dense2 64 relu
    ///   ^~~~~~
    /// ```
    ///
    /// A line wider than `widestLine` is shown around the problem, its cut ends marked `…`, so a
    /// generated line of thousands of characters does not flood the screen.
    public var rendered: String {
        var lines = ["\(source):\(range.line):\(range.column): error: \(summary)"]
        if !sourceLine.isEmpty {
            let scalars = Array(sourceLine.unicodeScalars)
            let start = Swift.min(Swift.max(range.column - 1, 0), scalars.count)
            var first = 0
            var end = scalars.count
            if scalars.count > Self.widestLine {
                first = Swift.max(0, Swift.min(start - Self.widestLine / 3, scalars.count - Self.widestLine))
                end = first + Self.widestLine
            }
            let before = first > 0 ? "…" : ""
            let shown = before + String(String.UnicodeScalarView(scalars[first..<end])) + (end < scalars.count ? "…" : "")
            let prefix = before.map { _ in " " }.joined() + scalars[first..<start].map { $0 == "\t" ? "\t" : " " }.joined()
            let visible = Swift.max(1, Swift.min(range.length, end - start))
            lines.append(shown)
            lines.append(prefix + "^" + String(repeating: "~", count: visible - 1))
        }
        return lines.joined(separator: "\n")
    }

    /// The widest source line a rendered diagnostic shows whole, in characters.
    public static let widestLine = 100

    /// This diagnostic placed in `code` named `source`; one already placed (in a script that
    /// `run` ran) keeps its place.
    func located(in code: String, source: String) -> Diagnostic {
        guard self.source.isEmpty else { return self }
        var copy = self
        copy.source = source
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        if range.line >= 1 && range.line <= lines.count {
            var line = String(lines[range.line - 1])
            if line.hasSuffix("\r") { line.removeLast() }
            copy.sourceLine = line
        }
        return copy
    }
}
