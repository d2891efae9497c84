/// Expressions: `+ -` below `* /` below unary minus below `.member` and `[index]`.
extension Parser {
    mutating func expression(after word: String) throws(Diagnostic) -> Expression {
        guard current.startsExpression else { throw error("expected a value after '\(word)', found \(current.quoted)") }
        return try expression()
    }

    mutating func expression() throws(Diagnostic) -> Expression {
        var left = try term()
        while let op = current.symbol, op == "+" || op == "-" {
            advance()
            let right = try term()
            left = Expression(kind: .binary(op, left, right), range: left.range.through(right.range))
        }
        return left
    }

    private mutating func term() throws(Diagnostic) -> Expression {
        var left = try unary()
        while let op = current.symbol, op == "*" || op == "/" {
            advance()
            let right = try unary()
            left = Expression(kind: .binary(op, left, right), range: left.range.through(right.range))
        }
        return left
    }

    private mutating func unary() throws(Diagnostic) -> Expression {
        if current.isSymbol("-") {
            let minus = advance()
            let operand = try unary()
            return Expression(kind: .negate(operand), range: minus.range.through(operand.range))
        }
        return try postfix()
    }

    private mutating func postfix() throws(Diagnostic) -> Expression {
        var base = try primary()
        while true {
            if current.isSymbol(".") {
                advance()
                guard let word = current.word else { throw error("expected a name after '.', found \(current.quoted)") }
                let member = Name(text: word, range: advance().range)
                base = Expression(kind: .member(base, member), range: base.range.through(member.range))
            } else if current.isSymbol("[") {
                advance()
                let index = try expression(after: "[")
                var upper: Expression?
                if current.isSymbol(":") {
                    advance()
                    upper = try expression(after: ":")
                }
                let close = try expect("]", "']' to close the index")
                base = Expression(kind: .index(base, index, upper: upper), range: base.range.through(close.range))
            } else {
                return base
            }
        }
    }

    private mutating func primary() throws(Diagnostic) -> Expression {
        let token = current
        switch token.kind {
        case let .number(value):
            advance()
            return Expression(kind: .number(value), range: token.range)
        case let .string(text):
            advance()
            return Expression(kind: .string(text), range: token.range)
        case let .dimensions(sizes):
            advance()
            return Expression(kind: .dimensions(sizes), range: token.range)
        case let .word(word):
            advance()
            return Expression(kind: .name(word), range: token.range)
        case .symbol("("):
            advance()
            let inner = try expression(after: "(")
            let close = try expect(")", "')' to close '('")
            return Expression(kind: inner.kind, range: token.range.through(close.range))
        case .symbol("["):
            advance()
            var items: [Expression] = []
            while !current.isSymbol("]") {
                items.append(try expression(after: items.isEmpty ? "[" : ","))
                if !current.isSymbol(",") { break }
                advance()
            }
            let close = try expect("]", "',' or ']' in the list")
            return Expression(kind: .list(items), range: token.range.through(close.range))
        default:
            throw error("expected a value, found \(token.quoted)")
        }
    }
}

extension Token {
    var symbol: Character? { if case let .symbol(s) = kind { s } else { nil } }
}
