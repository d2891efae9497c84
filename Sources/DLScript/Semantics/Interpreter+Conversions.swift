import DLCore

/// A value as the kind a statement needs (a number in a range, a string, a data set, a model),
/// with an error at its code when it is not; and DLCore's errors as diagnostics.
extension Interpreter {
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
