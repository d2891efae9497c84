/// Samples with their labels (or none, for unsupervised learning).
public struct Dataset: Sendable {
    /// What the samples are labelled with.
    public enum Labels: Sendable, Equatable {
        /// A class index per sample, in `0..<names.count`.
        case classes([Int], names: [String])
        /// A class index for each of the `steps` steps of every sample, sample after sample, for
        /// a model that classifies each step of its output sequence (a reversed digit string).
        case stepClasses([Int], steps: Int, names: [String])
        /// A target tensor per sample (`[count] + targetShape`), for regression.
        case values(Tensor)
        /// No labels.
        case none
    }

    /// A short name for messages, e.g. `fashion-mnist train`.
    public var name: String
    /// The inputs.
    public var samples: Samples
    /// The labels.
    public var labels: Labels

    public init(name: String, samples: Samples, labels: Labels) {
        if case let .classes(classes, _) = labels { precondition(classes.count == samples.count, "one label per sample") }
        if case let .values(values) = labels { precondition(values.shape.first == samples.count, "one target per sample") }
        if case let .stepClasses(classes, steps, _) = labels {
            precondition(steps > 0 && classes.count == samples.count * steps, "a label per step of each sample")
        }
        self.name = name
        self.samples = samples
        self.labels = labels
    }

    /// The number of samples.
    public var count: Int { samples.count }

    /// The class names, when the labels are classes.
    public var classNames: [String]? {
        switch labels {
        case let .classes(_, names), let .stepClasses(_, _, names): names
        case .values, .none: nil
        }
    }

    /// The class index of each sample, when the labels are a class per sample.
    public var classIndices: [Int]? {
        if case let .classes(classes, _) = labels { classes } else { nil }
    }

    /// Images `H×W×1` viewed as sequences of `H` steps of `W` features (each row one step), for
    /// recurrent models; the data is shared, not copied.
    public func asSequences() throws(DataError) -> Dataset {
        let shape = samples.shape
        guard shape.count == 3, shape[2] == 1 else {
            throw DataError(
                file: name,
                "only grey images (height x width x 1) can be viewed as sequences; these samples are \(Shape.format(shape))")
        }
        return Dataset(name: name + " (rows as steps)", samples: samples.reshaped([shape[0], shape[1]]), labels: labels)
    }

    /// The same samples standardized with `standardization` (by default, this set's own mean and
    /// deviation); no copy. Standardize a test part with its training part's moments.
    public func standardized(_ standardization: Standardization? = nil) -> Dataset {
        Dataset(name: name, samples: samples.standardized(standardization ?? samples.moments), labels: labels)
    }

    /// The same samples without labels.
    public var unlabeled: Dataset { Dataset(name: name, samples: samples, labels: .none) }

    /// The samples at `indices`, with their labels, copied.
    public func subset(_ indices: [Int], name: String? = nil) -> Dataset {
        let labels: Labels
        switch self.labels {
        case let .classes(classes, names): labels = .classes(indices.map { classes[$0] }, names: names)
        case let .stepClasses(classes, steps, names):
            labels = .stepClasses(indices.flatMap { classes[($0 * steps)..<(($0 + 1) * steps)] }, steps: steps, names: names)
        case let .values(values):
            let width = values.count / Swift.max(values.shape[0], 1)
            var picked = [Float]()
            picked.reserveCapacity(indices.count * width)
            for i in indices { picked += values.scalars[(i * width)..<((i + 1) * width)] }
            labels = .values(Tensor(shape: [indices.count] + values.shape.dropFirst(), scalars: picked))
        case .none: labels = .none
        }
        return Dataset(name: name ?? self.name, samples: samples.subset(indices), labels: labels)
    }

    /// The first `n` samples (all of them when there are fewer).
    public func prefix(_ n: Int) -> Dataset { subset(Array(0..<Swift.min(n, count))) }

    /// Splits off a shuffled `fraction` of the samples for validation.
    public func split(validationFraction fraction: Double, seed: UInt64) -> (training: Dataset, validation: Dataset) {
        precondition(fraction > 0 && fraction < 1, "validation fraction must be in (0, 1)")
        var generator = RandomGenerator(seed: seed)
        var order = Array(0..<count)
        order.shuffle(using: &generator)
        let validationCount = Swift.max(1, Int((Double(count) * fraction).rounded()))
        return (
            subset(Array(order[validationCount...]), name: name + " (training part)"),
            subset(Array(order[..<validationCount]), name: name + " (validation part)")
        )
    }
}

/// A data file cannot be read: names the file and what is wrong with it.
public struct DataError: Error, Equatable, CustomStringConvertible {
    /// The file (or data set) concerned.
    public var file: String
    /// What is wrong, and where in the file when that is known.
    public var message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
