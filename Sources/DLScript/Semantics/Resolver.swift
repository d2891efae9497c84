/// A pass over a cell before anything runs: every name used must be defined by then, in the
/// session or earlier in the cell, so a typo on the last line does not cost a long training
/// run on the first.
struct Resolver {
    private var defined: Set<String>
    /// The scripts that `run` statements name, by path, read and checked with the cell.
    private(set) var scripts: [String: Script] = [:]
    /// How many `run`s deep the check is.
    private var depth = 0
    /// The deepest `run`s may nest.
    static let deepestRun = 8

    /// The models among them, for advice such as `m.loss` where `loss` was typed.
    private var models: Set<String>

    init(known: [String: Value]) {
        defined = Set(known.keys)
        models = Set(known.compactMap { name, value in if case .model = value { name } else { nil } })
    }

    mutating func check(_ statements: [Statement]) throws(Diagnostic) {
        for statement in statements { try check(statement) }
    }

    private mutating func check(_ statement: Statement) throws(Diagnostic) {
        switch statement.kind {
        case let .seed(e), let .threads(e?), let .show(e): try check(e, statementLike: statement.range.offset == e.range.offset)
        case .threads(nil): break
        case let .assign(name, e):
            try check(e)
            defined.insert(name.text)
        case let .print(es), let .plot(es, _): for e in es { try check(e) }
        case let .data(name, source):
            switch source {
            case let .loader(clause, view):
                try check(clause)
                try check(view)
            case let .view(base, clause):
                try check(base, sources: true)
                try check(clause)
            }
            defined.insert(name.text)
        case let .split(set, fraction):
            try check(set)
            try check(fraction)
        case let .model(name, layers):
            for layer in layers { try check(layer) }
            defined.insert(name.text)
            models.insert(name.text)
        case let .summary(model), let .table(model): try use(model)
        case let .train(model, data, options):
            try use(model)
            try check(data)
            try check(options)
        case let .evaluate(model, data), let .predict(model, data), let .trace(model, data), let .boundary(model, data),
            let .fit(model, data):
            try use(model)
            try check(data)
        case let .save(model, path):
            try use(model)
            try check(path)
        case let .load(name, path):
            try check(path)
            defined.insert(name.text)
            models.insert(name.text)
        case .help, .who, .activation: break
        case let .features(layer, data):
            try check(layer)
            try check(data)
        case let .time(inner): try check(inner)
        case let .run(path, range):
            guard depth < Self.deepestRun else {
                throw Diagnostic(
                    range: range, message: "'run' nests more than \(Self.deepestRun) scripts deep",
                    help: "does a script run itself, or two scripts each other?")
            }
            let script = try Script.read(path, at: range)
            depth += 1
            defer { depth -= 1 }
            do throws(Diagnostic) {
                try check(script.statements)
            } catch {
                throw error.located(in: script.code, source: path)
            }
            scripts[path] = script
        }
    }

    private func use(_ model: Name) throws(Diagnostic) {
        guard defined.contains(model.text) else {
            throw Diagnostic(
                range: model.range, message: "unknown model '\(model.text)'",
                help: Suggestion.nearest(to: model.text, in: defined).map { "did you mean '\($0)'?" }
                    ?? "define it first: model \(model.text) { … }")
        }
    }

    private func check(_ clause: Clause) throws(Diagnostic) {
        for argument in clause.arguments {
            switch argument.value {
            case let .expression(e): try check(e)
            case let .schedule(factor, every):
                try check(factor)
                try check(every)
            case .word, .flag: break
            }
        }
    }

    /// Checks the names of `expression`; a lone unknown word that starts a statement may be a
    /// misspelled statement, so statements are suggested too.
    private func check(_ expression: Expression, statementLike: Bool = false, sources: Bool = false) throws(Diagnostic) {
        switch expression.kind {
        case .number, .string, .dimensions: break
        case let .list(items): for item in items { try check(item) }
        case let .name(name):
            guard defined.contains(name) else { throw unknownName(name, at: expression.range, statementLike, sources) }
        case let .member(base, _): try check(base)
        case let .index(base, index, upper):
            try check(base)
            try check(index)
            if let upper { try check(upper) }
        case let .negate(operand): try check(operand)
        case let .binary(_, left, right), let .compare(_, left, right):
            try check(left)
            try check(right)
        case let .call(function, arguments):
            guard Function(rawValue: function.text) != nil else { throw Interpreter.unknownFunction(function) }
            for argument in arguments { try check(argument) }
        }
    }

    /// An unknown name, with the likeliest thing meant: a misspelled name or statement, a model's
    /// series typed without its model (`loss` for `m.loss`), or `quit` outside a REPL.
    private func unknownName(_ name: String, at range: SourceRange, _ statementLike: Bool, _ sources: Bool) -> Diagnostic {
        if name == "quit" || name == "exit" {
            return Diagnostic(
                range: range, message: "'\(name)' leaves the REPL or a console, and nothing else",
                help: "a script or a cell ends after its last line; in dlrepl, type \(name) alone on a line")
        }
        if Words.series.contains(name), !models.isEmpty {
            let model = models.count == 1 ? models.first! : "<model>"
            return Diagnostic(
                range: range, message: "unknown name '\(name)'",
                help: "a model's history is named after the model: \(model).\(name)")
        }
        let candidates = Array(defined) + (statementLike ? Keyword.words : []) + (sources ? Forms.sources.map(\.name) : [])
        return Diagnostic(
            range: range, message: "unknown name '\(name)'",
            help: Suggestion.nearest(to: name, in: candidates).map { "did you mean '\($0)'?" }
                ?? "define it first, e.g. let \(name) = 1")
    }
}
