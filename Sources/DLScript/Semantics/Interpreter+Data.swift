import DLCore

/// `data` and `split`.
extension Interpreter {
    func defineData(_ name: Name, _ source: DataSource) throws(Diagnostic) {
        let value: DataValue
        switch source {
        case let .loader(clause, viewed):
            // A data set of the session named like a source, given no arguments, is that data set:
            // `data pixels = digits unlabeled` views the user's `digits`.
            if clause.arguments.isEmpty, case let .data(named) = environment.values[clause.head.text] {
                value = try view(named, viewed, name: name.text)
            } else {
                value = try view(try load(clause, name: name.text), viewed, name: name.text)
            }
        case let .view(base, clause): value = try view(try data(base), clause, name: name.text)
        }
        environment.values[name.text] = .data(value)
        sink(.note(value.description))
        if let hint = value.hint { sink(.note(hint)) }
    }

    /// The data set a source clause loads or generates, made by its form's row.
    private func load(_ clause: Clause, name: String) throws(Diagnostic) -> DataValue {
        let arguments = try arguments(of: clause, in: Forms.sources)
        guard let make = arguments.form.source else {
            throw Diagnostic(range: clause.head.range, message: "'\(clause.head.text)' is not a data source")
        }
        return try make(arguments, name)
    }

    /// `base` seen through the options of a view clause, applied in the form's order.
    private func view(_ base: DataValue, _ clause: Clause, name: String) throws(Diagnostic) -> DataValue {
        let a = Arguments(clause: clause, form: Forms.view, interpreter: self)
        var value = base
        value.name = name
        do {
            if a.word("as") == "sequences" {
                value = try value.map { set throws(DataError) in try set.asSequences() }
            }
            if a.flag("unlabeled") { value = try value.map { $0.unlabeled } }
            if let n = try a.optionalWhole("take") { value = try value.map { $0.prefix(n) } }
            if a.flag("standardized") {
                let moments = value.train.samples.moments
                value = try value.map { $0.standardized(moments) }
            }
        } catch let error as Diagnostic {
            throw error
        } catch {
            throw failure(error, at: clause.range)
        }
        return value
    }

    func split(_ set: Expression, _ fraction: Expression) throws(Diagnostic) {
        guard case let .name(name) = set.kind else {
            throw Diagnostic(range: set.range, message: "split needs the name of a data set", help: "for example: split toy 0.2")
        }
        var value = try data(set)
        let part = try number(fraction, "the validation fraction", in: 0...1)
        guard part > 0 && part < 1 else {
            throw Diagnostic(
                range: fraction.range, message: "the validation fraction must be between 0 and 1, not \(NumberText.format(part))")
        }
        let whole = value.unsplit ?? value.train
        let (training, validation) = whole.split(validationFraction: part, seed: environment.seed)
        guard training.count > 0, validation.count > 0 else {
            throw Diagnostic(
                range: fraction.range, message: "'\(name)' has too few samples to hold out \(NumberText.format(part)) of them")
        }
        let again = value.unsplit != nil
        value.train = training
        value.validation = validation
        value.unsplit = whole
        environment.values[name] = .data(value)
        sink(
            .note(
                value.description
                    + (again
                        ? " (split again from the \(NumberText.count(whole.count, "training sample")) before the first split)"
                        : "")))
    }
}
