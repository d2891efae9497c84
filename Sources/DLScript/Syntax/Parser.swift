/// Reads tokens into statements, one method per grammar rule. Every error names what was
/// expected, what was found instead and, for a misspelled word, the nearest right one.
struct Parser {
    private var tokens: [Token]
    private var position = 0
    /// How many brackets, indexes and unary minuses the parser is inside now.
    var nesting = 0

    init(tokens: [Token]) { self.tokens = tokens }

    /// The statements of `code`, or the first syntax error.
    static func parse(_ code: String) throws(Diagnostic) -> [Statement] {
        var parser = Parser(tokens: try Lexer.tokens(code))
        return try parser.statements()
    }

    // MARK: Tokens

    var current: Token { tokens[position] }
    var previous: Token { tokens[Swift.max(0, position - 1)] }
    func peek(_ ahead: Int = 1) -> Token { tokens[Swift.min(position + ahead, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if token.kind != .end { position += 1 }
        return token
    }

    mutating func skipSeparators() { while current.kind == .separator { advance() } }

    var atStatementEnd: Bool { current.kind == .separator || current.kind == .end || current.isSymbol("}") }

    func error(_ message: String, at token: Token? = nil, help: String? = nil) -> Diagnostic {
        let token = token ?? current
        var range = token.range
        if token.kind == .separator || token.kind == .end { range.length = 1 }
        return Diagnostic(range: range, message: message, help: help)
    }

    mutating func expect(_ symbol: Character, _ what: String) throws(Diagnostic) -> Token {
        guard current.isSymbol(symbol) else { throw error("expected \(what), found \(current.quoted)") }
        return advance()
    }

    /// A name for something the session defines (a model, data set or variable).
    mutating func name(_ what: String, after: String) throws(Diagnostic) -> Name {
        guard let word = current.word else {
            throw error("expected \(what) after '\(after)', found \(current.quoted)")
        }
        if Keyword(rawValue: word) != nil {
            throw error("'\(word)' is a statement, so it cannot be used as \(what)", help: "choose another name")
        }
        let range = advance().range
        return Name(text: word, range: range)
    }

    mutating func keyword(_ word: String, after: String) throws(Diagnostic) {
        guard current.word == word else { throw error("expected '\(word)' after '\(after)', found \(current.quoted)") }
        advance()
    }

    // MARK: Statements

    mutating func statements() throws(Diagnostic) -> [Statement] {
        var result: [Statement] = []
        skipSeparators()
        while current.kind != .end {
            if current.isSymbol("}") {
                throw error("this '}' closes no block", help: "remove it, or open the block with '{'")
            }
            result.append(try statement())
            guard atStatementEnd, !current.isSymbol("}") else {
                throw error(
                    "expected the end of the statement, found \(current.quoted)",
                    help: "put one statement per line, or separate statements with ';'")
            }
            skipSeparators()
        }
        return result
    }

    mutating func statement() throws(Diagnostic) -> Statement {
        let start = current
        let kind: Statement.Kind
        if start.isSymbol("?") {
            advance()
            kind = .help(try helpTopic())
        } else if let word = start.word, let keyword = Keyword(rawValue: word) {
            advance()
            kind = try keywordStatement(keyword)
        } else if start.word != nil, let op = peek().symbol, "+-*/".contains(op), peek(2).isSymbol("=") {
            throw error(
                "DL has no '\(op)='", at: peek(), help: "write it out: \(start.word!) = \(start.word!) \(op) 1")
        } else if start.word != nil && peek().isSymbol("=") {
            let name = try self.name("a name", after: "let")
            advance()
            kind = .assign(name, try expression())
        } else if let word = start.word, let advice = ForeignWords.advice(for: word),
            !(peek().kind == .separator || peek().kind == .end || peek().isSymbol("="))
        {
            throw error(advice.message, help: advice.help)
        } else if let word = start.word, !peek().isExpressionContinuation, !(peek().kind == .separator || peek().kind == .end) {
            throw error(
                "unknown statement '\(word)'",
                help: Suggestion.help(for: word, in: Keyword.words, listing: "the statements are") ?? "")
        } else {
            kind = .show(try expression())
        }
        return Statement(kind: kind, range: start.range.through(previous.range))
    }

    private mutating func keywordStatement(_ statement: Keyword) throws(Diagnostic) -> Statement.Kind {
        let word = statement.word
        switch statement {
        case .seed: return .seed(try expression(after: word))
        case .threads:
            let alone = current.kind == .separator || current.kind == .end || current.isSymbol("}")
            return .threads(alone ? nil : try expression(after: word))
        case .let:
            let name = try self.name("a name", after: "let")
            _ = try expect("=", "'=' after 'let \(name.text)'")
            return .assign(name, try expression())
        case .print:
            var values = [try expression(after: word)]
            while current.isSymbol(",") {
                advance()
                values.append(try expression())
            }
            return .print(values)
        case .data: return try data()
        case .split:
            let set = try expression(after: word)
            return .split(set, fraction: try expression(after: "the data set"))
        case .model: return try model()
        case .summary: return .summary(try name("a model", after: word))
        case .train:
            let model = try name("a model", after: word)
            try keyword("on", after: "train \(model.text)")
            let data = try expression(after: "on")
            return .train(model, on: data, options: try trainingOptions())
        case .evaluate:
            let (model, data) = try modelOnData(word)
            return .evaluate(model, on: data)
        case .predict:
            let (model, data) = try modelOnData(word)
            return .predict(model, on: data)
        case .trace:
            let (model, data) = try modelOnData(word)
            return .trace(model, on: data)
        case .table: return .table(try name("a model", after: word))
        case .plot:
            if current.word == "fit", peek().word != nil {
                advance()
                let (model, data) = try modelOnData("plot fit")
                return .fit(model, on: data)
            }
            if current.word == "boundary" && !peek().isSymbol(".") {
                advance()
                let (model, data) = try modelOnData("plot boundary")
                return .boundary(model, on: data)
            }
            // `plot features m[1] on data`: what a layer makes of each sample, as points.
            if current.word == "features", peek().word != nil {
                advance()
                let layer = try expression(after: "features")
                try keyword("on", after: "plot features \(layer.baseName ?? "…")")
                let data = try expression(after: "on")
                return .features(layer, on: data)
            }
            // `plot sigmoid`: an activation alone is its graph.
            if let name = current.word, Words.activations.contains(name), peek().kind == .separator || peek().kind == .end {
                return .activation(Name(text: name, range: advance().range))
            }
            var series = [try expression(after: word)]
            while current.isSymbol(",") {
                advance()
                series.append(try expression())
            }
            // `plot m.loss log`: `log` last is the axis, not a series.
            if current.word == "log", atEndAfterWord {
                advance()
                return .plot(series, logarithmic: true)
            }
            return .plot(series, logarithmic: false)
        case .save:
            let model = try name("a model", after: word)
            // `save m to "file"` reads like `load m from "file"`; `to` alone is still a name.
            if current.word == "to" && peek().startsExpression { advance() }
            return .save(model, path: try expression(after: "save \(model.text)"))
        case .load:
            let model = try name("a name for the model", after: word)
            try keyword("from", after: "load \(model.text)")
            return .load(model, path: try expression(after: "from"))
        case .who: return .who
        case .help:
            return .help(try helpTopic())
        case .time:
            guard !atStatementEnd else {
                throw error("expected a statement to time after 'time'", help: "for example: time train m on toy epochs 5")
            }
            return .time(try self.statement())
        case .run:
            guard case let .string(path) = current.kind else {
                throw error(
                    "expected a file name in quotes after 'run', found \(current.quoted)",
                    help: "for example: run \"setup.dl\"")
            }
            return .run(path: path, at: advance().range)
        }
    }

    private mutating func helpTopic() throws(Diagnostic) -> Name? {
        if atStatementEnd { return nil }
        guard let word = current.word else { throw error("expected a word to explain, found \(current.quoted)") }
        return Name(text: word, range: advance().range)
    }

    private mutating func modelOnData(_ statement: String) throws(Diagnostic) -> (Name, Expression) {
        let model = try name("a model", after: statement)
        try keyword("on", after: "\(statement) \(model.text)")
        return (model, try expression(after: "on"))
    }

    private mutating func data() throws(Diagnostic) -> Statement.Kind {
        let name = try self.name("a name for the data set", after: "data")
        _ = try expect("=", "'=' after 'data \(name.text)'")
        if let word = current.word, let form = Forms.source(word) {
            let loader = try clause(form, until: Forms.view.optionNames)
            return .data(name, .loader(loader, view: try view(of: loader.range)))
        }
        guard current.startsExpression else {
            throw error(
                "expected a data source after '=', found \(current.quoted)",
                help: "the sources are \(Forms.sources.map(\.name).joined(separator: ", ")), or another data set")
        }
        if let word = current.word, !peek().isSymbol("."), !peek().isSymbol("["), !atEndAfterWord,
            !(peek().word.map { Forms.view.optionNames.contains($0) } ?? false)
        {
            // A word with arguments that are not a view's can only be a misspelled source.
            throw error(
                "unknown data source '\(word)'",
                help: Suggestion.help(for: word, in: Forms.sources.map(\.name), listing: "the sources are"))
        }
        let base = try expression()
        return .data(name, .view(base, try view(of: base.range)))
    }

    /// The view options after a data set or a loader written at `range`; none is an empty view.
    private mutating func view(of range: SourceRange) throws(Diagnostic) -> Clause {
        var view = Clause(head: Name(text: "view", range: range), arguments: [])
        try arguments(of: Forms.view, into: &view)
        return view
    }

    private var atEndAfterWord: Bool { peek().kind == .separator || peek().kind == .end || peek().isSymbol("}") }

    private mutating func model() throws(Diagnostic) -> Statement.Kind {
        let name = try self.name("a name for the model", after: "model")
        guard current.isSymbol("{") else {
            throw error(
                "expected '{' after 'model \(name.text)', found \(current.quoted)",
                help: "list the layers in braces: model \(name.text) { dense 10 softmax }")
        }
        let open = advance()
        var layers: [Clause] = []
        skipSeparators()
        while !current.isSymbol("}") {
            guard let word = current.word else {
                if current.kind == .end {
                    throw error("the block of model '\(name.text)' is not closed", at: open, help: "end it with '}'")
                }
                throw error("expected a layer, found \(current.quoted)")
            }
            guard let form = Forms.layer(word) else {
                throw error(
                    "unknown layer '\(word)'",
                    help: Suggestion.help(for: word, in: Forms.layers.map(\.name), listing: "the layers are"))
            }
            layers.append(try clause(form))
            guard atStatementEnd else {
                throw error(
                    "expected the end of the layer, found \(current.quoted)",
                    help: "put one layer per line, or separate layers with ';'")
            }
            skipSeparators()
        }
        advance()
        return .model(name, layers: layers)
    }

    private mutating func trainingOptions() throws(Diagnostic) -> Clause {
        var options = Clause(head: Name(text: "train", range: previous.range), arguments: [])
        try arguments(of: Forms.training, into: &options)
        if current.isSymbol("{") {
            let open = advance()
            skipSeparators()
            while !current.isSymbol("}") {
                if current.kind == .end { throw error("the options block is not closed", at: open, help: "end it with '}'") }
                try arguments(of: Forms.training, into: &options)
                guard atStatementEnd else { throw unknownOption(Forms.training) }
                skipSeparators()
            }
            advance()
        }
        return options
    }
}

extension Token {
    /// Whether this token can begin an expression.
    var startsExpression: Bool {
        switch kind {
        case .number, .string, .dimensions, .word: true
        case let .symbol(s): s == "(" || s == "[" || s == "-"
        case .comparison, .separator, .end: false
        }
    }

    /// Whether this token continues an expression begun by a word (`x.y`, `x[0]`, `x + 1`).
    var isExpressionContinuation: Bool {
        if case let .symbol(s) = kind { return ".[(+-*/,=".contains(s) }
        if case .comparison = kind { return true }
        return false
    }
}
