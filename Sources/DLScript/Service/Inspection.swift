extension Session {
    /// Help for the word at or just before `cursor`: the language's help for a keyword, layer,
    /// option, activation, loss or optimizer, or what a session name holds. Nil when there is
    /// no word there, or the word means nothing yet.
    public func inspect(_ code: String, cursor: Int) -> String? {
        let scalars = Array(code.unicodeScalars)
        var start = Swift.min(Swift.max(cursor, 0), scalars.count)
        var end = start
        while start > 0, scalars[start - 1].isWordScalar { start -= 1 }
        while end < scalars.count, scalars[end].isWordScalar { end += 1 }
        guard start < end else { return nil }
        let word = String(String.UnicodeScalarView(scalars[start..<end]))
        return describe(word) ?? HelpText.text(for: word)
    }
}
