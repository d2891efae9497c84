import DLCore

/// A clause's arguments, read through its form: each value is evaluated and checked against its
/// slot's `Form.Check` as it is read, so a form's builder receives values already in range, and
/// every message names the slot and its limits the same way.
struct Arguments {
    let clause: Clause
    let form: Form
    let interpreter: Interpreter

    private func slot(_ name: String) -> Form.Slot {
        guard let slot = (form.required + form.optional + form.options).first(where: { $0.name == name }) else {
            preconditionFailure("form '\(form.name)' has no slot '\(name)'")
        }
        return slot
    }

    /// The expression given for `name`, or an error at the clause when a required one is missing
    /// (the parser makes sure it is not).
    private func given(_ name: String) throws(Diagnostic) -> Expression {
        guard let expression = interpreter.expression(clause.argument(name)) else {
            throw Diagnostic(range: clause.head.range, message: "'\(form.name)' needs \(slot(name).noun)")
        }
        return expression
    }

    /// The whole number given for `name`, within its slot's range.
    func whole(_ name: String) throws(Diagnostic) -> Int {
        let slot = slot(name)
        guard case let .whole(range) = slot.check else { preconditionFailure("slot '\(name)' is not a whole number") }
        return try interpreter.integer(try given(name), slot.noun, in: range)
    }

    /// The whole number given for `name`, or nil when it is not given.
    func optionalWhole(_ name: String) throws(Diagnostic) -> Int? {
        clause.argument(name) == nil ? nil : try whole(name)
    }

    /// The number given for `name`, within its slot's range.
    func number(_ name: String) throws(Diagnostic) -> Double {
        let slot = slot(name)
        guard case let .number(range) = slot.check else { preconditionFailure("slot '\(name)' is not a number") }
        return try interpreter.number(try given(name), slot.noun, in: range)
    }

    /// The sizes given for `name` (`784`, `5x5`, `28x28x1` or a list), within its slot's limits.
    func sizes(_ name: String) throws(Diagnostic) -> [Int] {
        let slot = slot(name)
        guard let check = slot.check, case let .sizes(rank, each) = check else {
            preconditionFailure("slot '\(name)' is not sizes")
        }
        let expression = try given(name)
        let value = try interpreter.evaluate(expression)
        let numbers: [Value]
        switch value {
        case .number: numbers = [value]
        case let .list(items): numbers = items
        default:
            throw Diagnostic(
                range: expression.range, message: "\(slot.noun) must be sizes such as 784 or 28x28x1, not \(value.kindName)")
        }
        let sizes = numbers.compactMap { value -> Int? in
            guard case let .number(n) = value, let whole = Int(exactly: n), each.contains(whole) else { return nil }
            return whole
        }
        guard !sizes.isEmpty, sizes.count == numbers.count, sizes.count <= rank else {
            throw Diagnostic(
                range: expression.range,
                message: "\(slot.noun) must be \(check.help), such as \(form.example)")
        }
        return sizes
    }

    /// The number given for `name`, or nil when it is not given.
    func optionalNumber(_ name: String) throws(Diagnostic) -> Double? {
        clause.argument(name) == nil ? nil : try number(name)
    }

    /// The string given for `name`.
    func string(_ name: String) throws(Diagnostic) -> String {
        try interpreter.string(try given(name), slot(name).noun)
    }

    /// The string given for `name`, or nil when it is not given.
    func optionalString(_ name: String) throws(Diagnostic) -> String? {
        clause.argument(name) == nil ? nil : try string(name)
    }

    /// The name given for `name` (`as hidden`), with where it is; nil when none is given.
    func optionalName(_ name: String) -> Name? {
        if case let .word(given) = clause.argument(name)?.value { given } else { nil }
    }

    /// The strings given for `name`: one string, or a list of them (at least one).
    func strings(_ name: String) throws(Diagnostic) -> [String] {
        let expression = try given(name)
        let what = slot(name).noun
        guard case let .list(items) = try interpreter.evaluate(expression) else {
            return [try interpreter.string(expression, what)]
        }
        let texts = items.compactMap { item -> String? in
            if case let .string(text) = item { text } else { nil }
        }
        guard !items.isEmpty, texts.count == items.count else {
            throw Diagnostic(
                range: expression.range, message: "\(what) must be a string or a list of strings",
                help: "for example: [\"y0\", \"y1\"]")
        }
        return texts
    }

    /// The `seed` option, or the session's seed.
    func seed() throws(Diagnostic) -> UInt64 {
        try optionalWhole("seed").map(UInt64.init) ?? interpreter.environment.seed
    }

    /// Runs a loader of DLCore, its errors reported at the clause. When several processes run
    /// the code (mpirun), each reads the data on its own machine, which the help says.
    func loading<T>(_ load: () throws -> T) throws(Diagnostic) -> T {
        do { return try load() } catch {
            let processes = interpreter.options.communicator.size
            throw interpreter.failure(
                error, at: clause.range,
                help: processes > 1
                    ? "each of the \(processes) processes reads the data itself: on several machines, it must be at this path on each"
                    : nil)
        }
    }

    /// The word given for `name` (one of its slot's words: the parser allows no other).
    func word(_ name: String) -> String? { interpreter.word(clause.argument(name)) }

    /// The word given for `name` as a value of `T`, or `fallback` when none is given.
    func word<T: RawRepresentable>(_ name: String, or fallback: T) -> T where T.RawValue == String {
        interpreter.word(clause.argument(name)).flatMap(T.init(rawValue:)) ?? fallback
    }

    /// Whether the flag or word `name` is given.
    func flag(_ name: String) -> Bool { clause.argument(name) != nil }
}
