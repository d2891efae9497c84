/// Clauses read by a `Form`: the head word, required arguments, optional ones, then options.
extension Parser {
    /// With `stops`, the clause ends before any of those words (a loader's before a view's options).
    mutating func clause(_ form: Form, until stops: [String] = []) throws(Diagnostic) -> Clause {
        let head = Name(text: form.name, range: advance().range)
        var clause = Clause(head: head, arguments: [])
        for slot in form.required {
            guard !atStatementEnd, slot.kind.acceptsWords || accepts(slot, current, form) else {
                throw error(
                    "'\(form.name)' needs \(slot.name) (\(slot.help)), found \(current.quoted)",
                    help: "for example: \(form.example)")
            }
            clause.arguments.append(try argument(slot, of: form, start: current.range))
        }
        try arguments(of: form, into: &clause, until: stops)
        return clause
    }

    /// Optional arguments and options, in any order, until something else.
    mutating func arguments(of form: Form, into clause: inout Clause, until stops: [String] = []) throws(Diagnostic) {
        while !atStatementEnd && !current.isSymbol("{") && !(current.word.map(stops.contains) ?? false) {
            if let word = current.word, let slot = form.options.first(where: { $0.name == word }) {
                let start = advance().range
                if case .flag = slot.kind {
                    clause.arguments.append(.init(slot: slot.name, value: .flag, range: start))
                } else {
                    clause.arguments.append(try argument(slot, of: form, start: start))
                }
            } else if let slot = form.optional.first(where: { accepts($0, current, form) && clause.argument($0.name) == nil }) {
                clause.arguments.append(try argument(slot, of: form, start: current.range))
            } else {
                throw unknownOption(form)
            }
        }
    }

    func unknownOption(_ form: Form) -> Diagnostic {
        let what = form.name == "train" ? "training option" : form.name == "view" ? "view of a data set" : "'\(form.name)' option"
        let isLayer = Forms.layer(form.name) != nil
        if current.isSymbol(",") {
            return error(
                "DL separates a \(isLayer ? "layer's" : "statement's") arguments with spaces, not commas",
                help: "for example: \(form.example)")
        }
        if let word = current.word, peek().isSymbol("=") {
            let option = form.options.contains { $0.name == word }
            return error(
                option ? "DL writes options without '='" : "DL has no '\(word)=' in '\(form.name)'",
                help: option
                    ? "put the value after a space: \(word) <value>" : "write the value alone, in its place: \(form.example)")
        }
        if isLayer, let word = current.word, Forms.layer(word) != nil {
            return error(
                "'\(word)' starts another layer, but the '\(form.name)' layer has not ended",
                help: "end each layer with ';' or a line break: model m { input 2; dense 8 relu; dense 2 softmax }")
        }
        guard let word = current.word else {
            return error(
                "expected \(form.options.isEmpty ? "the end of '\(form.name)'" : "an option of '\(form.name)'"), found \(current.quoted)",
                help: form.options.isEmpty ? nil : "the options are \(form.optionNames.joined(separator: ", "))")
        }
        let known = form.options.map(\.name) + form.optional.flatMap(\.kind.words)
        let wrongValue = form.optional.first { slot in slot.kind.acceptsWords && !slot.kind.words.isEmpty }
        if let slot = wrongValue, let near = Suggestion.nearest(to: word, in: slot.kind.words) {
            return error("unknown \(slot.name) '\(word)'", help: "did you mean '\(near)'?")
        }
        if let slot = form.options.first(where: { $0.kind.words.contains(word) }) {
            return error(
                "unknown \(what) '\(word)'", help: "'\(word)' is a value of '\(slot.name)': write '\(slot.name) \(word)'")
        }
        if form.name == "view", Forms.sources.contains(where: { $0.optionNames.contains(word) }) {
            return error(
                "unknown \(what) '\(word)'",
                help:
                    "'\(word)' is an option of a data source: write it before any view, e.g. data part = spirals 400 noise 0.2 take 100"
            )
        }
        if form.name == "train", let example = HelpText.viewExamples[word] {
            return error(
                "unknown \(what) '\(word)'",
                help: "'\(word)' views a data set in a 'data' statement: make the view first (\(example)), then train on it")
        }
        return error(
            "unknown \(what) '\(word)'",
            help: Suggestion.help(for: word, in: known, listing: known.isEmpty ? "" : "it takes"))
    }

    private func isOption(_ token: Token, of form: Form) -> Bool {
        guard let word = token.word else { return false }
        return form.options.contains { $0.name == word }
    }

    private func accepts(_ slot: Form.Slot, _ token: Token, _ form: Form) -> Bool {
        switch slot.kind {
        case let .words(words): return token.word.map(words.contains) ?? false
        case .flag: return token.word == slot.name
        case .name: return token.word != nil && !isOption(token, of: form)
        case .expression, .expressionOr, .schedule:
            return token.startsExpression && !isOption(token, of: form)
                && !(token.word.map { word in form.optional.contains { $0.kind.words.contains(word) } } ?? false)
        }
    }

    private mutating func argument(_ slot: Form.Slot, of form: Form, start: SourceRange) throws(Diagnostic) -> Clause.Argument {
        let value: Clause.Value
        switch slot.kind {
        case let .words(words):
            guard let word = current.word, words.contains(word) else {
                if let word = current.word {
                    throw error(
                        "unknown \(slot.name) '\(word)'", help: Suggestion.help(for: word, in: words, listing: "the choices are"))
                }
                throw error("expected the \(slot.name) (\(words.joined(separator: ", "))), found \(current.quoted)")
            }
            value = .word(Name(text: word, range: advance().range))
        case .flag:
            advance()
            value = .flag
        case let .expressionOr(words):
            if let word = current.word, words.contains(word) {
                value = .word(Name(text: word, range: advance().range))
            } else {
                value = .expression(try expression(after: slot.name))
            }
        case .expression:
            value = .expression(try expression(after: slot.name))
        case .name:
            guard let word = current.word else {
                throw error(
                    "expected a name after '\(slot.name)', found \(current.quoted)", help: "for example: dense 8 relu as hidden")
            }
            value = .word(Name(text: word, range: advance().range))
        case .schedule:
            guard current.word == "step" else {
                throw error(
                    "expected 'step' after 'schedule', found \(current.quoted)", help: "for example: schedule step 0.5 every 2")
            }
            advance()
            let factor = try expression(after: "step")
            guard current.word == "every" else {
                throw error(
                    "expected 'every' after the factor, found \(current.quoted)", help: "for example: schedule step 0.5 every 2")
            }
            advance()
            value = .schedule(factor: factor, every: try expression(after: "every"))
        }
        return .init(slot: slot.name, value: value, range: start.through(previous.range))
    }
}

extension Form.Kind {
    /// The words this kind accepts, if any.
    var words: [String] {
        switch self {
        case let .words(words), let .expressionOr(words): words
        default: []
        }
    }

    var acceptsWords: Bool { if case .words = self { true } else { false } }

    var isFlag: Bool { if case .flag = self { true } else { false } }
}
