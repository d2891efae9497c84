/// Whether code typed so far is ready to run, as a REPL's Enter key and Jupyter's
/// `is_complete_request` ask.
public enum Completeness: Sendable, Equatable {
    /// Ready to run.
    case complete
    /// A block, bracket or string is still open, or the line ends with `\`: wait for more,
    /// indenting the next line by `indent`.
    case incomplete(indent: String)
    /// More lines cannot make it right (e.g. a `}` that closes nothing); run it to show the error.
    case invalid
}

extension Session {
    /// Whether `code` is complete: `model m {` is incomplete, `model m { dense 4 relu }` is
    /// complete, `model m { dense 4 relu }}` is invalid.
    public func isComplete(_ code: String) -> Completeness {
        if code.trimmingTrailingWhitespace().hasSuffix("\\") { return .incomplete(indent: "") }
        var depth = 0
        var brackets = 0
        do {
            for token in try Lexer.tokens(code) {
                switch token.kind {
                case .symbol("{"): depth += 1
                case .symbol("}"):
                    depth -= 1
                    if depth < 0 { return .invalid }
                case .symbol("("), .symbol("["): brackets += 1
                case .symbol(")"), .symbol("]"):
                    brackets -= 1
                    if brackets < 0 { return .invalid }
                default: break
                }
            }
        } catch {
            return error.message.hasPrefix("this string is not closed") ? .incomplete(indent: "") : .invalid
        }
        if depth > 0 || brackets > 0 { return .incomplete(indent: String(repeating: "  ", count: depth)) }
        do {
            _ = try Parser.parse(code)
            return .complete
        } catch {
            return .invalid
        }
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
