/// Expressions: one comparison below `+ -` below `* /` below unary minus below `.member`,
/// `[index]` and `function(arguments)`.
extension Parser {
    /// The most levels an expression may have (`1+1+…` of 200 terms, or 200 nested brackets):
    /// far past what a person writes, and well within the stack of every thread that parses.
    static let maxExpressionDepth = 200

    /// `node`, or an error at `part` (the piece that went one level too deep) when it nests
    /// deeper than `maxExpressionDepth`.
    private func bounded(_ node: Expression, at part: SourceRange) throws(Diagnostic) -> Expression {
        guard node.depth <= Self.maxExpressionDepth else { throw tooDeep(at: part) }
        return node
    }

    private func tooDeep(at range: SourceRange) -> Diagnostic {
        Diagnostic(
            range: range,
            message: "this expression nests more than \(Self.maxExpressionDepth) levels deep",
            help: "split it into steps with 'let' (let a = …; let b = a + …)")
    }

    /// The bracket that closes `open`. Where the code ends first, the error points at the bracket
    /// left open (the end of a file, after its comments, would say nothing).
    private mutating func closing(_ symbol: Character, of open: Token, _ what: String) throws(Diagnostic) -> Token {
        if current.kind == .end {
            throw Diagnostic(
                range: open.range, message: "this '\(open.symbol ?? "(")' is not closed", help: "end it with '\(symbol)'")
        }
        return try expect(symbol, what)
    }

    /// Runs `parse` one nesting level deeper (a bracket, an index, a unary minus), refusing to go
    /// past `maxExpressionDepth` before the recursion could exhaust the stack.
    private mutating func nested(_ parse: (inout Parser) throws(Diagnostic) -> Expression) throws(Diagnostic) -> Expression {
        guard nesting < Self.maxExpressionDepth else { throw tooDeep(at: current.range) }
        nesting += 1
        defer { nesting -= 1 }
        return try parse(&self)
    }

    /// Expressions separated by commas, up to the `end` that closes what `opened` began (a list's
    /// items, a call's arguments); the closing bracket is left for the caller.
    private mutating func separated(until end: Character, opened: String) throws(Diagnostic) -> [Expression] {
        var items: [Expression] = []
        while !current.isSymbol(end) {
            items.append(try nested { p throws(Diagnostic) in try p.expression(after: items.isEmpty ? opened : ",") })
            if !current.isSymbol(",") { break }
            advance()
        }
        return items
    }

    mutating func expression(after word: String) throws(Diagnostic) -> Expression {
        guard current.startsExpression else {
            throw error(
                "expected a value after '\(word)', found \(current.quoted)",
                help: current.isSymbol("=") ? "DL writes a value after a space, without '=': \(word) 3" : nil)
        }
        return try expression()
    }

    /// A sum, or two sums compared (`m.loss[-1] < 0.1`); comparisons do not chain.
    mutating func expression() throws(Diagnostic) -> Expression {
        let left = try sum()
        guard case let .comparison(comparison) = current.kind else { return left }
        advance()
        let right = try nested { p throws(Diagnostic) in try p.sum() }
        if case .comparison = current.kind {
            throw error(
                "comparisons do not chain in DL", help: "compare two values at a time, e.g. 0 < x and x < 1 as two lines")
        }
        return try bounded(
            Expression(kind: .compare(comparison, left, right), range: left.range.through(right.range)), at: right.range)
    }

    private mutating func sum() throws(Diagnostic) -> Expression {
        var left = try term()
        while let op = current.symbol.flatMap(Expression.Operator.init), op == .plus || op == .minus {
            advance()
            let right = try term()
            left = try bounded(
                Expression(kind: .binary(op, left, right), range: left.range.through(right.range)), at: right.range)
        }
        return left
    }

    private mutating func term() throws(Diagnostic) -> Expression {
        var left = try unary()
        while let op = current.symbol.flatMap(Expression.Operator.init), op == .times || op == .divide {
            advance()
            let right = try unary()
            left = try bounded(
                Expression(kind: .binary(op, left, right), range: left.range.through(right.range)), at: right.range)
        }
        return left
    }

    private mutating func unary() throws(Diagnostic) -> Expression {
        if current.isSymbol("-") {
            let minus = advance()
            let operand = try nested { p throws(Diagnostic) in try p.unary() }
            return try bounded(Expression(kind: .negate(operand), range: minus.range.through(operand.range)), at: minus.range)
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
                base = try bounded(
                    Expression(kind: .member(base, member), range: base.range.through(member.range)), at: member.range)
            } else if current.isSymbol("(") {
                guard case let .name(function) = base.kind else {
                    if case let .member(owner, method) = base.kind { throw noMethods(method, of: owner) }
                    return base
                }
                let open = advance()
                let arguments = try separated(until: ")", opened: "(")
                let close = try closing(")", of: open, "',' or ')' after the arguments")
                base = try bounded(
                    Expression(
                        kind: .call(Name(text: function, range: base.range), arguments), range: base.range.through(close.range)),
                    at: close.range)
            } else if current.isSymbol("[") {
                let open = advance()
                let index = try nested { p throws(Diagnostic) in try p.expression(after: "[") }
                var upper: Expression?
                if current.isSymbol(":") {
                    advance()
                    upper = try nested { p throws(Diagnostic) in try p.expression(after: ":") }
                }
                let close = try closing("]", of: open, "']' to close the index")
                base = try bounded(
                    Expression(kind: .index(base, index, upper: upper), range: base.range.through(close.range)), at: close.range)
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
            let inner = try nested { p throws(Diagnostic) in try p.expression(after: "(") }
            let close = try closing(")", of: token, "')' to close '('")
            return Expression(kind: inner.kind, range: token.range.through(close.range))
        case .symbol("["):
            advance()
            let items = try separated(until: "]", opened: "[")
            let close = try closing("]", of: token, "',' or ']' in the list")
            return try bounded(Expression(kind: .list(items), range: token.range.through(close.range)), at: token.range)
        default:
            throw error("expected a value, found \(token.quoted)")
        }
    }
}

extension Parser {
    /// `m.fit(toy)`: DL has statements where other tools have methods.
    func noMethods(_ method: Name, of owner: Expression) -> Diagnostic {
        let model = if case let .name(name) = owner.kind { name } else { "m" }
        let statement = [
            "fit": "train \(model) on <data>", "predict": "predict \(model) on <data>",
            "evaluate": "evaluate \(model) on <data>", "summary": "summary \(model)",
            "save": "save \(model) \"file.safetensors\"",
        ]
        return error(
            "DL has no methods such as '\(model).\(method.text)(…)'",
            help: statement[method.text].map { "write the statement: \($0)" }
                ?? "a model's statements are train, evaluate, predict, summary and save; the functions are \(Function.names)")
    }
}

extension Token {
    var symbol: Character? { if case let .symbol(s) = kind { s } else { nil } }
}
