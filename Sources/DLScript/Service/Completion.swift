/// What may replace the word before a cursor.
public struct Completion: Sendable, Equatable {
    /// The candidates, sorted, each a whole word.
    public var matches: [String]
    /// The range of the code they replace, in Unicode scalar offsets (Jupyter's
    /// `cursor_start` and `cursor_end`).
    public var range: Range<Int>

    public init(matches: [String], range: Range<Int>) {
        self.matches = matches
        self.range = range
    }
}

extension Session {
    /// The words that may complete the one ending at `cursor` (a Unicode scalar offset), chosen
    /// by where it stands: layers inside a model block, models after `train`, data sets after
    /// `on`, optimizers after `optimizer`, a model's series after `mlp.`, and so on.
    public func complete(_ code: String, cursor: Int) -> Completion {
        let scalars = Array(code.unicodeScalars)
        let end = Swift.min(Swift.max(cursor, 0), scalars.count)
        var start = end
        while start > 0, scalars[start - 1].isWordScalar { start -= 1 }
        let prefix = String(String.UnicodeScalarView(scalars[start..<end]))
        let before = String(String.UnicodeScalarView(scalars[0..<start]))
        let candidates = self.candidates(before: before)
        let matches = Set(candidates.filter { $0.hasPrefix(prefix) })
        return Completion(matches: matches.sorted(), range: start..<end)
    }

    private func names(_ kind: (Value) -> Bool) -> [String] {
        environment.values.filter { kind($0.value) }.map(\.key)
    }

    private var models: [String] { names { if case .model = $0 { true } else { false } } }
    private var dataSets: [String] { names { if case .data = $0 { true } else { false } } }

    /// The words that make sense after `before`, the code up to the word being completed.
    func candidates(before: String) -> [String] {
        guard let tokens = try? Lexer.tokens(before) else { return [] }
        // The tokens of the statement (or block line) the cursor is in.
        var statement: [Token] = []
        var blocks: [String] = []
        var lastHead: String?
        for token in tokens.dropLast() {
            switch token.kind {
            case .separator:
                statement = []
            case .symbol("{"):
                blocks.append(statement.first?.word ?? "")
                lastHead = statement.first?.word
                statement = []
            case .symbol("}"):
                _ = blocks.popLast()
                statement = []
            default:
                statement.append(token)
            }
        }
        let values = names { _ in true } + Function.allCases.map(\.rawValue)
        let all = Keyword.words + values
        let words = statement.compactMap(\.word)
        let last = statement.last
        if last?.isSymbol(".") == true, statement.count >= 2, let base = statement[statement.count - 2].word {
            switch environment.values[base] {
            case .model?: return Words.series
            case .data?: return Words.parts
            default: return []
            }
        }
        if last?.isSymbol("?") == true { return HelpText.topics }
        if let block = blocks.last {
            if block == "model" {
                guard let head = words.first, let form = Forms.layer(head) else { return Forms.layers.map(\.name) }
                return slotWords(after: last?.word, in: form)
            }
            if block == "train" || lastHead == "train" { return slotWords(after: last?.word, in: Forms.training) }
        }
        guard let head = words.first else { return all }
        switch last?.word {
        case "summary", "train", "evaluate", "predict", "trace", "table", "save", "boundary", "fit": return models
        case "on", "split": return dataSets
        case "help": return HelpText.topics
        case "plot": return models + ["boundary", "fit"] + names { if case .list = $0 { true } else { false } }
        default: break
        }
        switch head {
        case "train":
            return words.contains("on") && statement.count >= 4 ? slotWords(after: last?.word, in: Forms.training) : ["on"]
        case "evaluate", "predict", "trace": return ["on"]
        case "load": return words.count == 2 ? ["from"] : []
        case "data":
            if last?.isSymbol("=") == true { return Forms.sources.map(\.name) + dataSets }
            // `data <name> = <source> …`: the source's options, then a view's, which may follow it.
            if words.count >= 3, let source = Forms.source(words[2]) {
                let viewing = words.dropFirst(3).contains(where: Forms.view.optionNames.contains)
                if viewing { return slotWords(after: last?.word, in: Forms.view) }
                let awaitsValue = source.options.contains { $0.name == last?.word && !$0.kind.isFlag }
                return slotWords(after: last?.word, in: source) + (awaitsValue ? [] : Forms.view.optionNames)
            }
            return slotWords(after: last?.word, in: Forms.view)
        default:
            return last?.isSymbol("=") == true || last?.isSymbol(",") == true || last?.isSymbol("(") == true
                || last?.kind.isComparison == true || head == "print" || head == "let"
                ? values : []
        }
    }

    /// The words that may follow `previous` in a clause of `form`: the values of the option just
    /// named, or else the form's options and optional words.
    private func slotWords(after previous: String?, in form: Form) -> [String] {
        if let previous, let slot = (form.options + form.optional).first(where: { $0.name == previous }) {
            switch slot.kind {
            case let .words(words): if slot.name != "sequences" { return words }
            case let .expressionOr(words): return words + names { if case .number = $0 { true } else { false } }
            case .schedule: return ["step"]
            case .expression:
                return previous == "validate" ? dataSets : names { if case .number = $0 { true } else { false } }
            case .flag, .name: break
            }
        }
        return form.options.map(\.name) + form.optional.flatMap(\.kind.words)
    }
}

extension Unicode.Scalar {
    var isWordScalar: Bool { properties.isAlphabetic || self == "_" || ("0"..."9").contains(self) }
}
