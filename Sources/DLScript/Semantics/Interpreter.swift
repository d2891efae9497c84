import DLCore

/// Runs statements against an environment, one at a time, reporting through the sink.
struct Interpreter {
    let environment: Environment
    let options: SessionOptions
    let code: [Unicode.Scalar]
    let cancellation: CancellationToken
    let sink: @Sendable (OutputEvent) -> Void
    /// The scripts the cell's `run` statements name, read and checked with it.
    let scripts: [String: Script]

    init(
        environment: Environment, options: SessionOptions, code: String, cancellation: CancellationToken,
        sink: @escaping @Sendable (OutputEvent) -> Void, scripts: [String: Script] = [:]
    ) {
        self.environment = environment
        self.options = options
        self.code = Array(code.unicodeScalars)
        self.cancellation = cancellation
        self.sink = sink
        self.scripts = scripts
    }

    /// Runs one statement; returns where it stopped when it was interrupted and the run should
    /// stop, nil otherwise.
    mutating func execute(_ statement: Statement) throws(Diagnostic) -> String? {
        let reached = try perform(statement)
        try checkDataFiles(after: statement)
        return reached
    }

    /// Throws when a data file read by offset changed while the statement read from it: what it
    /// showed was computed with zeros for the bytes the file no longer had.
    private func checkDataFiles(after statement: Statement) throws(Diagnostic) {
        for case let .data(value) in environment.values.values {
            for part in [value.train, value.test, value.validation] {
                guard let failure = part?.samples.file?.takeFailure() else { continue }
                throw Diagnostic(
                    range: statement.range, message: failure.description,
                    help: "what this statement showed read zeros where the file was missing bytes")
            }
        }
    }

    private mutating func perform(_ statement: Statement) throws(Diagnostic) -> String? {
        switch statement.kind {
        case let .train(model, data, _): try checkOrder("train", model, data)
        case let .evaluate(model, data): try checkOrder("evaluate", model, data)
        case let .predict(model, data): try checkOrder("predict", model, data)
        case let .trace(model, data): try checkOrder("trace", model, data)
        case let .boundary(model, data): try checkOrder("plot boundary", model, data)
        case let .fit(model, data): try checkOrder("plot fit", model, data)
        default: break
        }
        switch statement.kind {
        case let .seed(e):
            environment.seed = UInt64(try integer(e, "the seed", in: 0...Int(Int32.max)))
        case let .threads(e?):
            ThreadPool.shared.setThreadCount(try integer(e, "threads", in: 1...256))
        case .threads(nil):
            sink(
                .text(
                    "threads: \(ThreadPool.shared.threadCount) (this process may run on \(NumberText.count(ThreadPool.allowedCPUs, "CPU")))"
                ))
        case let .assign(name, e):
            let value = try evaluate(e)
            environment.values[name.text] = value
        case let .print(es):
            sink(.text(try es.map { e throws(Diagnostic) in try evaluate(e).printed }.joined(separator: " ")))
        case let .show(e):
            let value = try evaluate(e)
            sink(.result(value.display))
            if case let .data(data) = value, let strip = sampleImages(data, slice: e.isIndex) { sink(.images(strip)) }
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
        case let .plot(series, logarithmic):
            try plot(series, logarithmic: logarithmic)
        case let .boundary(model, data):
            try boundary(model, data)
        case let .fit(model, data):
            try fit(model, data)
        case let .activation(name):
            try plotActivation(name)
        case let .features(layer, data):
            try plotFeatures(layer, data)
        case let .trace(model, data):
            try trace(model, data)
        case let .save(model, path):
            try save(model, path)
        case let .load(name, path):
            try load(name, path)
        case .who:
            sink(.names(names()))
        case let .help(topic):
            sink(.text(try HelpText.text(for: topic)))
        case let .time(inner):
            let start = ContinuousClock.now
            let reached = try execute(inner)
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            sink(.note("wall time: \(NumberText.fixed(seconds, decimals: 3)) s"))
            return reached
        case let .run(path, _):
            return try run(scripts[path]!)
        }
        return nil
    }

    /// Runs a checked script's statements in this session; an error is placed in the script.
    private func run(_ script: Script) throws(Diagnostic) -> String? {
        var nested = Interpreter(
            environment: environment, options: options, code: script.code, cancellation: cancellation, sink: sink,
            scripts: scripts)
        do throws(Diagnostic) {
            for statement in script.statements {
                if cancellation.isCancelled {
                    return "interrupted before line \(statement.range.line) of \(script.path); nothing from there on ran"
                }
                if let reached = try nested.execute(statement) { return reached }
            }
            return nil
        } catch {
            throw error.located(in: script.code, source: script.path)
        }
    }

    /// `evaluate toy on m`: a data set where the model goes and a model after `on`, said as such.
    private func checkOrder(_ word: String, _ model: Name, _ data: Expression) throws(Diagnostic) {
        guard case .data? = environment.values[model.text], case let .name(other) = data.kind,
            case .model? = environment.values[other]
        else { return }
        throw Diagnostic(
            range: model.range.through(data.range),
            message: "'\(model.text)' is a data set and '\(other)' a model: the model comes first",
            help: "write: \(word) \(other) on \(model.text)")
    }

    /// The session's names, sorted, each with its kind and its value in a line.
    private func names() -> SessionNames {
        SessionNames(
            entries: environment.names.map { name in
                let value = environment.values[name]!
                let line: String
                switch value {
                case let .data(data): line = data.summary
                case let .model(model): line = model.description.replacingOccurrences(of: "\n", with: "; ")
                default: line = value.display
                }
                return SessionNames.Entry(
                    name: name, kind: value.kind,
                    summary: line.count > 100 ? String(line.prefix(99)) + "…" : line)
            })
    }
}
