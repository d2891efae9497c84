/// Splits DL code into tokens. Comments run from `#` to the end of the line; line breaks and
/// `;` separate statements, except inside `( )` and `[ ]` or after a `\\`. Strings may span lines.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var nesting = 0

    init(_ code: String) { scalars = Array(code.unicodeScalars) }

    /// All tokens, ending with `.end`, or the first lexical error.
    static func tokens(_ code: String) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(code)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var column: Int { index - lineStart + 1 }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }

    private func range(from start: Int, line: Int, column: Int) -> SourceRange {
        SourceRange(line: line, column: column, offset: start, length: index - start)
    }

    private mutating func next() throws(Diagnostic) -> Token {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" {
                index += 1
            } else if c == "#" {
                while let c = peek(), c != "\n" { index += 1 }
            } else if c == "\\" && peek(1) == "\n" {
                index += 2
                line += 1
                lineStart = index
            } else {
                break
            }
        }
        let start = index
        let (startLine, startColumn) = (line, column)
        guard let c = peek() else {
            return Token(kind: .end, range: SourceRange(line: line, column: column, offset: index, length: 0))
        }
        index += 1
        switch c {
        case "\n":
            line += 1
            lineStart = index
            if nesting > 0 { return try next() }
            return Token(kind: .separator, range: SourceRange(line: startLine, column: startColumn, offset: start, length: 1))
        case ";":
            return Token(kind: .separator, range: range(from: start, line: startLine, column: startColumn))
        case "(", "[":
            nesting += 1
        case ")", "]":
            nesting = Swift.max(0, nesting - 1)
        case "\"":
            return try string(start: start)
        default:
            break
        }
        if let comparison = try comparison(c, start: start, line: startLine, column: startColumn) {
            return comparison
        }
        if c == "'" {
            throw Diagnostic(
                range: range(from: start, line: startLine, column: startColumn),
                message: "DL strings are in double quotes, not single ones", help: "write \"fashion.csv\", not 'fashion.csv'")
        }
        if "{}()[],.=+-*/?:".unicodeScalars.contains(c) {
            return Token(kind: .symbol(Character(c)), range: range(from: start, line: startLine, column: startColumn))
        }
        if c.properties.isAlphabetic || c == "_" {
            while let c = peek(), c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) { index += 1 }
            let word = String(String.UnicodeScalarView(scalars[start..<index]))
            return Token(kind: .word(word), range: range(from: start, line: startLine, column: startColumn))
        }
        if ("0"..."9").contains(c) {
            index -= 1
            return try number(start: start)
        }
        if c == "%" {
            // IPython's magics, which people type in any notebook out of habit.
            throw Diagnostic(
                range: range(from: start, line: startLine, column: startColumn),
                message: "'%' starts an IPython magic (%time, %who, %load, …), and DL has none",
                help:
                    "DL's own: 'time <statement>' times a statement, 'who' lists your names, 'run \"file.dl\"' runs a script in this session"
            )
        }
        throw Diagnostic(
            range: range(from: start, line: startLine, column: startColumn),
            message: "unexpected character '\(Character(c))'",
            help: "DL code uses words, numbers, \"strings\" and the symbols { } ( ) [ ] , . = + - * / ? :")
    }

    private mutating func digits() {
        while let c = peek(), ("0"..."9").contains(c) || c == "_" { index += 1 }
    }

    private mutating func number(start: Int) throws(Diagnostic) -> Token {
        let startColumn = column
        digits()
        // Sizes such as 28x28x1: whole numbers joined by 'x' with no spaces.
        if peek() == "x", let d = peek(1), ("0"..."9").contains(d) {
            var sizes = [text(start..<index)]
            while peek() == "x", let d = peek(1), ("0"..."9").contains(d) {
                index += 1
                let from = index
                digits()
                sizes.append(text(from..<index))
            }
            let range = range(from: start, line: line, column: startColumn)
            let values = sizes.map { Int($0.replacingOccurrences(of: "_", with: "")) }
            guard values.allSatisfy({ $0 != nil }) else {
                throw Diagnostic(range: range, message: "a size in \(text(start..<index)) is too large")
            }
            return Token(kind: .dimensions(values.map { $0! }), range: range)
        }
        if peek() == ".", let d = peek(1), ("0"..."9").contains(d) {
            index += 1
            digits()
        }
        if peek() == "e" || peek() == "E" {
            let sign = peek(1) == "+" || peek(1) == "-" ? 1 : 0
            if let d = peek(1 + sign), ("0"..."9").contains(d) {
                index += 1 + sign
                digits()
            }
        }
        let range = range(from: start, line: line, column: startColumn)
        if let c = peek(), c.properties.isAlphabetic || c == "_" {
            throw Diagnostic(
                range: SourceRange(line: line, column: column, offset: index, length: 1),
                message: "a number runs into the letter '\(Character(c))'",
                help: "put a space between a number and the word after it")
        }
        guard let value = Double(text(start..<index).replacingOccurrences(of: "_", with: "")) else {
            throw Diagnostic(range: range, message: "'\(text(start..<index))' is not a number")
        }
        return Token(kind: .number(value), range: range)
    }

    /// A comparison starting with `c` (already read): `<`, `<=`, `>`, `>=`, `==`, `!=`; nil for
    /// any other character, and for `=` alone, which binds.
    private mutating func comparison(_ c: Unicode.Scalar, start: Int, line: Int, column: Int) throws(Diagnostic) -> Token? {
        let equals = peek() == "="
        switch (c, equals) {
        case ("<", _), (">", _), ("=", true), ("!", true): break
        case ("!", false):
            throw Diagnostic(
                range: range(from: start, line: line, column: column), message: "DL has no '!' (not)",
                help: "compare with != (a != b), or turn the comparison around (a < b instead of !(a >= b))")
        default: return nil
        }
        if equals { index += 1 }
        let comparison = Expression.Comparison(rawValue: String(Character(c)) + (equals ? "=" : ""))!
        return Token(kind: .comparison(comparison), range: range(from: start, line: line, column: column))
    }

    private mutating func string(start: Int) throws(Diagnostic) -> Token {
        let (startLine, startColumn) = (line, column - 1)
        var value = ""
        while let c = peek() {
            index += 1
            switch c {
            case "\"":
                return Token(kind: .string(value), range: range(from: start, line: startLine, column: startColumn))
            case "\\":
                guard let escaped = peek() else { break }
                index += 1
                switch escaped {
                case "n": value += "\n"
                case "t": value += "\t"
                case "\"", "\\": value.unicodeScalars.append(escaped)
                default:
                    throw Diagnostic(
                        range: SourceRange(line: line, column: column - 2, offset: index - 2, length: 2),
                        message: "unknown escape '\\\(Character(escaped))' in a string",
                        help: "strings know \\n, \\t, \\\" and \\\\")
                }
            case "\n":
                value.unicodeScalars.append(c)
                line += 1
                lineStart = index
            default:
                value.unicodeScalars.append(c)
            }
        }
        throw Diagnostic(
            range: SourceRange(line: startLine, column: startColumn, offset: start, length: index - start),
            message: "this string is not closed", help: "end it with \"")
    }

    private func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
}
