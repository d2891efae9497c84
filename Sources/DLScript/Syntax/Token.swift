/// One lexical unit of DL code.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A name or keyword: letters, digits and `_`, starting with a letter or `_`.
        case word(String)
        /// A number such as `3`, `0.001` or `1e-3`.
        case number(Double)
        /// Sizes joined by `x`, as in `28x28x1` or `5x5`.
        case dimensions([Int])
        /// A double-quoted string, escapes resolved.
        case string(String)
        /// One of `{ } ( ) [ ] , . = + - * / ? :`.
        case symbol(Character)
        /// A comparison: `<`, `<=`, `>`, `>=`, `==` or `!=`.
        case comparison(Expression.Comparison)
        /// The end of a statement: a line break or `;`.
        case separator
        case end
    }

    var kind: Kind
    var range: SourceRange

    /// The word, if this token is one.
    var word: String? { if case let .word(word) = kind { word } else { nil } }

    func isSymbol(_ symbol: Character) -> Bool { kind == .symbol(symbol) }

    /// How the token reads in an error message.
    var quoted: String {
        switch kind {
        case let .word(word): "'\(word)'"
        case let .number(value): "'\(NumberText.format(value))'"
        case let .dimensions(sizes): "'\(sizes.map(String.init).joined(separator: "x"))'"
        case let .string(text): "\"\(text)\""
        case let .symbol(symbol): "'\(symbol)'"
        case let .comparison(comparison): "'\(comparison.rawValue)'"
        case .separator: "the end of the statement"
        case .end: "the end of the code"
        }
    }
}

extension Token.Kind {
    /// Whether this is a comparison (`<`, `==`, …).
    var isComparison: Bool { if case .comparison = self { true } else { false } }
}
