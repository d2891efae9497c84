import DLCore

/// What a session remembers between runs: its names (variables, data sets and models share one
/// namespace, so a new definition replaces an old one of any kind), the seed, and loaded files.
final class Environment {
    var values: [String: Value] = [:]
    /// Seeds weights, generated data, splits and shuffling unless a statement gives its own.
    var seed: UInt64 = 42
    /// Image data sets already read, by folder, so a second `data … = fashion_mnist` is instant.
    var loadedImages: [String: (train: Dataset, test: Dataset)] = [:]

    /// The names defined, sorted.
    var names: [String] { values.keys.sorted() }
}
