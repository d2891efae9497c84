import DLCore

/// Runs statements against an environment, one at a time, reporting through the sink.
struct Interpreter {
    let environment: Environment
    let options: SessionOptions
    let code: [Unicode.Scalar]
    let cancellation: CancellationToken
    let sink: @Sendable (OutputEvent) -> Void

    init(
        environment: Environment, options: SessionOptions, code: String, cancellation: CancellationToken,
        sink: @escaping @Sendable (OutputEvent) -> Void
    ) {
        self.environment = environment
        self.options = options
        self.code = Array(code.unicodeScalars)
        self.cancellation = cancellation
        self.sink = sink
    }

    /// Runs one statement; returns where it stopped when it was interrupted and the run should
    /// stop, nil otherwise.
    mutating func execute(_ statement: Statement) throws(Diagnostic) -> String? {
        switch statement.kind {
        case let .seed(e):
            environment.seed = UInt64(try integer(e, "the seed", in: 0...Int(Int32.max)))
        case let .threads(e):
            ThreadPool.shared.setThreadCount(try integer(e, "threads", in: 1...256))
        case let .assign(name, e):
            let value = try evaluate(e)
            environment.values[name.text] = value
        case let .print(es):
            sink(.text(try es.map { e throws(Diagnostic) in try evaluate(e).printed }.joined(separator: " ")))
        case let .show(e):
            let value = try evaluate(e)
            sink(.result(value.display))
            if case let .data(data) = value, let strip = sampleImages(data) { sink(.images(strip)) }
        case let .data(name, source):
            try defineData(name, source)
        case let .split(set, fraction):
            try split(set, fraction)
        case let .model(name, layers):
            try defineModel(name, layers)
        case let .summary(model):
            try summary(model)
        case let .train(model, data, options):
            return try train(model, data, options)
        case let .evaluate(model, data):
            try evaluateModel(model, data)
        case let .predict(model, data):
            try predict(model, data)
        case let .table(model):
            try table(model)
        case let .plot(series):
            try plot(series)
        case let .boundary(model, data):
            try boundary(model, data)
        case let .trace(model, data):
            try trace(model, data)
        case let .save(model, path):
            try save(model, path)
        case let .load(name, path):
            try load(name, path)
        case let .help(topic):
            sink(.text(try HelpText.text(for: topic)))
        }
        return nil
    }

    // MARK: Expressions

    func evaluate(_ expression: Expression) throws(Diagnostic) -> Value {
        let range = expression.range
        switch expression.kind {
        case let .number(value): return .number(value)
        case let .string(text): return .string(text)
        case let .dimensions(sizes): return .list(sizes.map { .number(Double($0)) })
        case let .list(items): return .list(try items.map { e throws(Diagnostic) in try evaluate(e) })
        case let .name(name):
            guard let value = environment.values[name] else {
                throw Diagnostic(range: range, message: "unknown name '\(name)'")
            }
            return value
        case let .member(base, member):
            return try self.member(try evaluate(base), member, of: base)
        case let .index(base, index, upper):
            return try subscripted(try evaluate(base), index, upper, range: range)
        case let .negate(operand):
            return .number(-(try number(operand, "the operand of '-'")))
        case let .binary(op, left, right):
            let (a, b) = (try evaluate(left), try evaluate(right))
            switch (a, b, op) {
            case let (.number(x), .number(y), _):
                switch op {
                case "+": return .number(x + y)
                case "-": return .number(x - y)
                case "*": return .number(x * y)
                default: return .number(x / y)
                }
            case let (.string(x), .string(y), "+"): return .string(x + y)
            case let (.string(x), .number(y), "+"): return .string(x + NumberText.format(y))
            case let (.list(x), .list(y), "+"): return .list(x + y)
            default:
                throw Diagnostic(
                    range: range, message: "'\(op)' cannot combine \(a.kindName) and \(b.kindName)",
                    help: "arithmetic works on numbers; '+' also joins strings and lists")
            }
        }
    }

    private func member(_ value: Value, _ member: Name, of base: Expression) throws(Diagnostic) -> Value {
        switch value {
        case let .data(data):
            if let part = data.part(member.text) { return .data(part) }
            if Words.parts.contains(member.text) {
                let name = text(base.range)
                throw Diagnostic(
                    range: member.range, message: "'\(name)' has no \(member.text) part",
                    help: member.text == "validation"
                        ? "make one with: split \(name) 0.1"
                        : "hold out part of it with 'split \(name) 0.2', then use \(name).validation")
            }
            throw Diagnostic(
                range: member.range, message: "a data set has no part '\(member.text)'",
                help: Suggestion.help(for: member.text, in: Words.parts, listing: "its parts are"))
        case let .model(model):
            guard let series = model.series(member.text) else {
                throw Diagnostic(
                    range: member.range, message: "a model has no series '\(member.text)'",
                    help: Suggestion.help(for: member.text, in: Words.series, listing: "its series are"))
            }
            return .list(series.map { .number(Double("\($0)") ?? Double($0)) })
        default:
            throw Diagnostic(range: member.range, message: "\(value.kindName) has no member '\(member.text)'")
        }
    }

    private func subscripted(_ value: Value, _ index: Expression, _ upper: Expression?, range: SourceRange) throws(Diagnostic)
        -> Value
    {
        let count: Int
        switch value {
        case let .data(data): count = data.dataset.count
        case let .list(items): count = items.count
        default: throw Diagnostic(range: range, message: "\(value.kindName) cannot be indexed")
        }
        guard count > 0 else { throw Diagnostic(range: range, message: "it is empty, so it has nothing at any index") }
        let lower = try integer(index, "the index", in: (upper == nil ? -count : 0)...(count - (upper == nil ? 1 : 0)))
        let start = lower < 0 ? count + lower : lower
        let end = try upper.map { e throws(Diagnostic) in try integer(e, "the end of the slice", in: lower...count) } ?? start + 1
        switch value {
        case let .data(data):
            let name = upper == nil ? "\(data.name)[\(start)]" : "\(data.name)[\(start):\(end)]"
            return .data(DataValue(name: name, train: data.dataset.subset(Array(start..<end), name: name)))
        case let .list(items):
            return upper == nil ? items[start] : .list(Array(items[start..<end]))
        default:
            throw Diagnostic(range: range, message: "\(value.kindName) cannot be indexed")
        }
    }

    // MARK: Conversions

    /// The code of a range, as written.
    func text(_ range: SourceRange) -> String {
        let end = Swift.min(range.end, code.count)
        guard range.offset < end else { return "" }
        return String(String.UnicodeScalarView(code[range.offset..<end]))
    }

    func number(_ expression: Expression, _ what: String) throws(Diagnostic) -> Double {
        let value = try evaluate(expression)
        guard case let .number(number) = value else {
            throw Diagnostic(range: expression.range, message: "\(what) must be a number, not \(value.kindName)")
        }
        guard number.isFinite else {
            throw Diagnostic(
                range: expression.range, message: "\(what) must be a finite number, got \(NumberText.format(number))")
        }
        return number
    }

    func number(_ expression: Expression, _ what: String, in range: ClosedRange<Double>) throws(Diagnostic) -> Double {
        let value = try number(expression, what)
        guard range.contains(value) else {
            throw Diagnostic(
                range: expression.range,
                message:
                    "\(what) must be between \(NumberText.format(range.lowerBound)) and \(NumberText.format(range.upperBound)), got \(NumberText.format(value))"
            )
        }
        return value
    }

    func integer(_ expression: Expression, _ what: String, in range: ClosedRange<Int>) throws(Diagnostic) -> Int {
        let value = try number(expression, what)
        guard value == value.rounded() else {
            throw Diagnostic(range: expression.range, message: "\(what) must be a whole number, got \(NumberText.format(value))")
        }
        // Int(exactly:) is nil past Int's range, where Double(Int.max) would round up and trap.
        guard let whole = Int(exactly: value), range.contains(whole) else {
            let message =
                range.upperBound == Int.max
                ? (value < Double(range.lowerBound)
                    ? "\(what) must be at least \(range.lowerBound), got \(NumberText.format(value))"
                    : "\(what) is too large: \(NumberText.format(value))")
                : "\(what) must be between \(range.lowerBound) and \(range.upperBound), got \(NumberText.format(value))"
            throw Diagnostic(range: expression.range, message: message)
        }
        return whole
    }

    func string(_ expression: Expression, _ what: String) throws(Diagnostic) -> String {
        let value = try evaluate(expression)
        guard case let .string(text) = value else {
            throw Diagnostic(
                range: expression.range, message: "\(what) must be a string, not \(value.kindName)",
                help: "put it in double quotes")
        }
        return text
    }

    func data(_ expression: Expression) throws(Diagnostic) -> DataValue {
        let value = try evaluate(expression)
        guard case let .data(data) = value else {
            throw Diagnostic(
                range: expression.range, message: "'\(text(expression.range))' is \(value.kindName), not a data set",
                help: "define one with: data name = fashion_mnist")
        }
        return data
    }

    func model(_ name: Name) throws(Diagnostic) -> ModelEntry {
        guard let value = environment.values[name.text] else {
            throw Diagnostic(range: name.range, message: "unknown model '\(name.text)'")
        }
        guard case let .model(model) = value else {
            throw Diagnostic(
                range: name.range, message: "'\(name.text)' is \(value.kindName), not a model",
                help: "define a model with: model \(name.text) { … }")
        }
        return model
    }

    /// A clause argument's expression, number or word.
    func expression(_ argument: Clause.Argument?) -> Expression? {
        if case let .expression(e) = argument?.value { e } else { nil }
    }

    func word(_ argument: Clause.Argument?) -> String? {
        if case let .word(name) = argument?.value { name.text } else { nil }
    }

    /// Turns an error from DLCore into a diagnostic at `range`.
    func failure(_ error: any Error, at range: SourceRange, help: String? = nil) -> Diagnostic {
        let message: String
        switch error {
        case let error as ModelError: message = error.message
        case let error as DataError: message = error.description
        default: message = "\(error)"
        }
        return Diagnostic(range: range, message: message, help: help)
    }
}
