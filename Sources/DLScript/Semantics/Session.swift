import DLCore
import Synchronization

/// How a session's output is shaped.
public struct SessionOptions: Sendable {
    /// The width of text output (plots, decision regions), in columns.
    public var width: Int
    /// Whether loss tables show each epoch's seconds; off for output that must not vary.
    public var timings: Bool
    /// The processes this session trains with, each running the same code (mpirun): each trains
    /// on its shard of every batch, and only the first writes files.
    public var communicator: any Communicator
    /// Into how many shards `train` splits each batch unless it says (`shards n`).
    public var shards: Int
    /// The program `train … workers n` runs under mpirun as each worker (`dlrepl`, which takes
    /// `--worker <folder>`); without it, `workers` is refused.
    public var workerCommand: String?

    public init(width: Int = 72, timings: Bool = true, communicator: any Communicator = SingleProcess(), shards: Int = 1) {
        self.width = width
        self.timings = timings
        self.communicator = communicator
        self.shards = shards
    }
}

/// How a run ended.
public enum RunOutcome: Sendable, Equatable {
    case completed
    /// A statement failed; the statements before it ran and their definitions stay.
    case failed(Diagnostic)
    /// The front end cancelled; training stopped with the weights of its last finished batch.
    /// `reached` says where, e.g. `interrupted in epoch 2; the model keeps the weights after batch 143`.
    case interrupted(reached: String)
}

/// A DL session: the state that persists across the cells of a notebook, the lines of a REPL or
/// the statements of a script, and the entry point that runs code against it.
///
/// Not thread-safe: one thread runs code at a time. Training inside `run` happens on a thread
/// of its own and reports through the same sink.
public final class Session {
    let environment = Environment()
    public var options: SessionOptions
    /// Stops what `run` is running, from any thread.
    public let interrupter: Interrupter

    /// A session whose runs `interrupter` stops (a front end that starts sessions anew, as `:reset`
    /// does, keeps one interrupter for all of them).
    public init(options: SessionOptions = SessionOptions(), interrupter: Interrupter = Interrupter()) {
        self.options = options
        self.interrupter = interrupter
    }

    /// Parses `code` (named `source` in diagnostics), checks its names, then runs it statement by
    /// statement, reporting everything to `sink`. A syntax or name error runs nothing; a failing
    /// statement stops the rest. Either way the session keeps every earlier definition.
    /// `interrupter.interrupt()` stops training between batches and skips the statements after it.
    @discardableResult
    public func run(
        _ code: String, source: String = "<cell>", sink: @escaping @Sendable (OutputEvent) -> Void
    ) -> RunOutcome {
        interrupter.whileRunning { token in execute(code, source: source, cancellation: token, sink: sink) }
    }

    /// Parses, resolves and runs `code`; `admit` may refuse the parsed statements before any runs.
    private func execute(
        _ code: String, source: String, cancellation: CancellationToken, sink: @escaping @Sendable (OutputEvent) -> Void,
        admit: ([Statement]) throws(Diagnostic) -> Void = { _ throws(Diagnostic) in }
    ) -> RunOutcome {
        do throws(Diagnostic) {
            let statements = try Parser.parse(code)
            try admit(statements)
            var resolver = Resolver(known: environment.values)
            try resolver.check(statements)
            var interpreter = Interpreter(
                environment: environment, options: options, code: code, cancellation: cancellation, sink: sink,
                scripts: resolver.scripts)
            for statement in statements {
                if cancellation.isCancelled {
                    return .interrupted(reached: "interrupted before line \(statement.range.line); nothing from there on ran")
                }
                if let reached = try interpreter.execute(statement) { return .interrupted(reached: reached) }
            }
            return .completed
        } catch {
            let located = error.located(in: code, source: source)
            sink(.error(located))
            return .failed(located)
        }
    }

    /// The value of one expression (a name, a member, an index, arithmetic) as text, as a front
    /// end's look into the session needs it (Jupyter's `user_expressions`). Only an expression is
    /// accepted: a statement (`train …`, `let …`, `data …`) is an error and does not run, so the
    /// session is left as it was and nothing long-running escapes an interrupt.
    public func evaluate(_ code: String, source: String = "<expression>") -> Result<String, Diagnostic> {
        let results = Mutex<[String]>([])
        let outcome = interrupter.whileRunning { token in
            execute(
                code, source: source, cancellation: token,
                sink: { event in
                    if case let .result(text) = event { results.withLock { $0.append(text) } }
                }, admit: Self.expressionOnly)
        }
        switch outcome {
        case .completed: return .success(results.withLock { $0.joined(separator: "\n") })
        case let .failed(diagnostic): return .failure(diagnostic)
        case let .interrupted(reached):
            let start = SourceRange(line: 1, column: 1, offset: 0, length: 1)
            return .failure(Diagnostic(range: start, message: reached).located(in: code, source: source))
        }
    }

    /// Refuses anything but one bare expression.
    private static func expressionOnly(_ statements: [Statement]) throws(Diagnostic) {
        guard statements.count == 1, case .show = statements[0].kind else {
            throw Diagnostic(
                range: statements.first?.range ?? SourceRange(line: 1, column: 1, offset: 0, length: 1),
                message: "only an expression can be evaluated here, not a statement",
                help: "give a name or a value such as 'm.loss[0]'; run statements in a cell")
        }
    }

    /// The names the session defines, sorted: its variables, data sets and models.
    public var names: [String] { environment.names }

    /// What `name` holds, described in a line or a few, or nil when it is not defined.
    public func describe(_ name: String) -> String? {
        guard let value = environment.values[name] else { return nil }
        switch value {
        case .number, .string, .boolean, .list: return "\(name) = \(value.display)"
        case .data, .model, .layer, .parameter: return value.display
        }
    }
}
