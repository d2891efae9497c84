import DLCore

/// The text `help` shows for each word of the language, built from the same tables the parser
/// reads, so help never disagrees with what the parser accepts.
enum HelpText {
    static let activations: [String: String] = [
        "linear": "linear: f(z) = z (no activation; regression outputs)",
        "relu": "relu: f(z) = max(0, z) (the usual choice for hidden layers)",
        "leaky_relu": "leaky_relu: f(z) = z for z > 0, 0.01 z otherwise (relu that never goes flat)",
        "sigmoid": "sigmoid: f(z) = 1 / (1 + e^-z), in (0, 1) (one unit for two classes: binary cross-entropy)",
        "tanh": "tanh: f(z) = (e^z - e^-z) / (e^z + e^-z), in (-1, 1)",
        "softmax": "softmax: f(z)_i = e^z_i / sum_j e^z_j, probabilities that sum to 1 (the last layer of a classifier)",
    ]
    static let losses: [String: String] = [
        "mse": "mse: mean squared error, mean((y - t)^2) (regression; the default after a linear last layer)",
        "crossentropy": "crossentropy: -sum t log y over classes (the default after softmax)",
        "binary_crossentropy": "binary_crossentropy: -(t log y + (1 - t) log(1 - y)) (the default after one sigmoid unit)",
    ]
    static let optimizers: [String: String] = [
        "gd": "gd: full-batch gradient descent, w -= lr * grad over the whole data set per step (lr 0.01)",
        "sgd": "sgd: mini-batch stochastic gradient descent, with optional momentum (lr 0.01)",
        "adagrad": "adagrad: per-weight rates scaled by the sum of past squared gradients (lr 0.01)",
        "rmsprop": "rmsprop: per-weight rates scaled by a moving mean of squared gradients (lr 0.001, rho 0.9)",
        "adam": "adam: momentum plus rmsprop-style scaling, bias-corrected (lr 0.001, beta1 0.9, beta2 0.999)",
        "adamw": "adamw: adam with decoupled weight decay 0.01 (lr 0.001)",
    ]

    /// A `data` statement that uses each view, by the view's option name.
    static let viewExamples: [String: String] = [
        "as": "data rows = fashion as sequences",
        "unlabeled": "data pixels = fashion unlabeled",
        "take": "data small = fashion take 2000",
        "standardized": "data scaled = fashion standardized",
    ]

    /// Every word help knows, for suggestions and completion.
    static var topics: [String] {
        Keyword.words + Forms.layers.map(\.name) + Forms.sources.map(\.name) + Forms.training.optionNames
            + Forms.view.optionNames + Array(activations.keys) + Array(losses.keys) + Array(optimizers.keys)
            + Function.allCases.map(\.rawValue) + Concept.words
    }

    /// The help for `topic`, or the overview without one.
    static func text(for topic: Name?) throws(Diagnostic) -> String {
        guard let topic else { return overview }
        if let text = text(for: topic.text) { return text }
        throw Diagnostic(
            range: topic.range, message: "no help for '\(topic.text)'",
            help: Suggestion.nearest(to: topic.text, in: topics).map { "did you mean '\($0)'?" }
                ?? "type help for the list of statements")
    }

    /// The help for a word, or nil when the language does not know it: the language's own help
    /// for it, then the concept it names (`help lstm` is the layer and the idea).
    static func text(for word: String) -> String? {
        let own = languageText(for: word)
        guard let concept = Concept.named(word) else { return own }
        return own.map { $0 + "\n" + concept.help } ?? concept.help
    }

    /// What each training option does, shown on its own line of DL, run by a test on
    /// `data toy = moons 200` and `model m { dense 8 relu; dense 2 softmax }`.
    static let optionExamples: [String: String] = [
        "epochs": "train m on toy epochs 20",
        "batch": "train m on toy batch 64",
        "optimizer": "train m on toy optimizer sgd lr 0.1",
        "lr": "train m on toy lr 0.01",
        "momentum": "train m on toy optimizer sgd lr 0.05 momentum 0.9",
        "loss": "train m on toy loss crossentropy",
        "validate": "train m on toy validate 0.2",
        "patience": "train m on toy epochs 50 validate 0.2 patience 5",
        "schedule": "train m on toy epochs 20 schedule step 0.5 every 5",
        "checkpoint": "train m on toy validate 0.2 checkpoint \"best.safetensors\"",
        "clip": "train m on toy lr 0.1 clip 1",
        "seed": "train m on toy seed 7",
        "shards": "train m on toy batch 64 shards 2",
        "workers": "train m on toy batch 64 workers 2",
        "hosts": "train m on toy workers 2 hosts \"hosts.txt\"",
    ]

    /// Whether `word` is a word of the language itself, not only a concept help explains.
    static func isLanguageWord(_ word: String) -> Bool { languageText(for: word) != nil }

    /// The help for a word of the language, or nil when it is not one.
    private static func languageText(for word: String) -> String? {
        if let entry = Keyword(rawValue: word) {
            var lines = ["\(entry.usage)", "  \(entry.summary)", "  example: \(entry.example)"]
            if word == "train" { lines += options(Forms.training) }
            if word == "data" {
                lines.append("  sources: " + Forms.sources.map(\.name).joined(separator: ", "))
                lines.append("  views: <data> as sequences | <data> unlabeled | <data> take <n> | <data> standardized")
                lines.append("  a view may also follow a source: data small = fashion_mnist take 2000")
            }
            if word == "model" { lines.append("  layers: " + Forms.layers.map(\.name).joined(separator: ", ")) }
            return lines.joined(separator: "\n")
        }
        if let form = Forms.layer(word) ?? Forms.source(word) {
            let kind = Forms.layer(word) != nil ? "layer" : "data source"
            var lines = ["\(form.usage)   (\(kind))", "  \(form.summary)"]
            lines += (form.required + form.optional).map { "  \($0.name): \($0.description)" }
            lines += options(form)
            lines.append("  example: \(form.example)")
            return lines.joined(separator: "\n")
        }
        if let slot = Forms.training.options.first(where: { $0.name == word }) {
            var lines = ["\(word) (an option of train): \(slot.description)"]
            if word == "loss" { lines += losses.keys.sorted().map { "  " + losses[$0]! } }
            if word == "optimizer" { lines += OptimizerSpec.names.map { "  " + optimizers[$0]! } }
            lines.append("  example: \(optionExamples[word] ?? Forms.training.example)")
            return lines.joined(separator: "\n")
        }
        if let slot = Forms.view.options.first(where: { $0.name == word }), let example = viewExamples[word] {
            var text = "\(word) (a view of a data set): \(slot.description)\n  example: \(example)"
            if word == Forms.layerName.name {
                text +=
                    "\n\(word) (an option of every layer): \(Forms.layerName.description)\n  example: model m { dense 8 relu as hidden; dense 2 softmax }, then m.hidden.weight"
            }
            return text
        }
        if let function = Function(rawValue: word) {
            return "\(function.usage)   (function)\n  \(function.summary)\n  example: \(function.example)"
        }
        return activations[word].map { "\($0)   (activation)" } ?? losses[word].map { "\($0)   (loss)" }
            ?? optimizers[word].map { "\($0)   (optimizer)" }
    }

    private static func options(_ form: Form) -> [String] {
        guard !form.options.isEmpty else { return [] }
        let width = form.options.map(\.name.count).max() ?? 0
        return ["  options:"]
            + form.options.map { "    \($0.name.padding(toLength: width, withPad: " ", startingAt: 0))  \($0.description)" }
    }

    static var overview: String {
        let width = Keyword.words.map(\.count).max() ?? 0
        let lines = Keyword.allCases.map { keyword in
            "  \(keyword.word.padding(toLength: width, withPad: " ", startingAt: 0))  \(keyword.summary)"
        }
        return
            (["statements:"] + lines + [
                "functions: \(Function.names); comparisons: < <= > >= == != (true or false)",
                "help <word> (or ?word) explains a statement, layer, option, activation, loss, optimizer or function,",
                "  and the ideas behind them: help neuron, backpropagation, epoch, overfitting, lstm, seq2seq, …",
            ])
            .joined(separator: "\n")
    }
}
