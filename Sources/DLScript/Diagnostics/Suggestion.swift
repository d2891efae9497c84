/// The nearest known name to a misspelled one, for "did you mean …?": used by the language's
/// diagnostics and by front ends for their own commands.
public enum Suggestion {
    /// The candidate closest to `word` by edit distance (a swap of neighbours counts as one
    /// edit), if it is close enough to be a likely typo: none for words of one or two letters, 1 from
    /// three letters, 2 from five, 3 from nine. A candidate that starts with `word` also matches.
    public static func nearest<S: Sequence<String>>(to word: String, in candidates: S) -> String? {
        let lower = word.lowercased()
        if let synonym = synonyms[lower], candidates.contains(synonym) { return synonym }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lower, candidate.lowercased())
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = lower.count >= 9 ? 3 : lower.count >= 5 ? 2 : lower.count >= 3 ? 1 : 0
        if best.distance <= allowed { return best.name }
        if lower.count >= 3, let prefixed = candidates.first(where: { $0.lowercased().hasPrefix(lower) }) { return prefixed }
        return nil
    }

    /// What other tools (Keras, PyTorch, textbooks) call DL's words, where the spelling is too far
    /// for an edit distance: `learning_rate` means `lr`.
    static let synonyms = [
        "learning_rate": "lr", "learningrate": "lr", "batch_size": "batch", "batchsize": "batch",
        "n_epochs": "epochs", "num_epochs": "epochs", "epoch": "epochs", "validation_split": "validate",
        "validation_data": "validate", "early_stopping": "patience", "clipnorm": "clip",
        "linear_layer": "dense", "fc": "dense", "fully_connected": "dense", "conv2d": "conv", "maxpool2d": "maxpool",
        "max_pool": "maxpool", "maxpooling2d": "maxpool", "avgpool2d": "avgpool", "averagepooling2d": "avgpool",
        "batch_norm": "batchnorm", "batchnormalization": "batchnorm", "simplernn": "rnn",
        "categorical_crossentropy": "crossentropy", "sparse_categorical_crossentropy": "crossentropy",
        "cross_entropy": "crossentropy", "mean_squared_error": "mse", "bce": "binary_crossentropy",
        "leakyrelu": "leaky_relu", "lrelu": "leaky_relu",
    ]

    /// `did you mean 'x'?`, or a list of what is allowed when nothing is close.
    public static func help<S: Collection<String>>(for word: String, in candidates: S, listing what: String) -> String? {
        if let near = nearest(to: word, in: candidates) { return "did you mean '\(near)'?" }
        guard !candidates.isEmpty else { return nil }
        let shown = candidates.prefix(12).joined(separator: ", ")
        return "\(what): \(shown)\(candidates.count > 12 ? ", …" : "")"
    }

    /// Optimal string alignment distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty || b.isEmpty { return Swift.max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
