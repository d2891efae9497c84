import DLCore

/// `data` and `split`.
extension Interpreter {
    func defineData(_ name: Name, _ source: DataSource) throws(Diagnostic) {
        let value: DataValue
        switch source {
        case let .loader(clause, viewed): value = try view(try load(clause, name: name.text), viewed, name: name.text)
        case let .view(base, clause): value = try view(try data(base), clause, name: name.text)
        }
        environment.values[name.text] = .data(value)
        sink(.note(value.description))
    }

    private func seed(_ clause: Clause) throws(Diagnostic) -> UInt64 {
        try expression(clause.argument("seed")).map { e throws(Diagnostic) in
            UInt64(try integer(e, "the seed", in: 0...Int(Int32.max)))
        } ?? environment.seed
    }

    private func count(_ clause: Clause, default value: Int) throws(Diagnostic) -> Int {
        try expression(clause.argument("count")).map { e throws(Diagnostic) in
            try integer(e, "the number of samples", in: 1...1_000_000)
        } ?? value
    }

    private func float(_ clause: Clause, _ slot: String, default value: Float, in range: ClosedRange<Double>) throws(Diagnostic)
        -> Float
    {
        try expression(clause.argument(slot)).map { e throws(Diagnostic) in Float(try number(e, slot, in: range)) } ?? value
    }

    private func load(_ clause: Clause, name: String) throws(Diagnostic) -> DataValue {
        let range = clause.range
        do {
            switch clause.head.text {
            case "fashion_mnist", "mnist":
                let directory =
                    try expression(clause.argument("dir")).map { e throws(Diagnostic) in try string(e, "the folder") }
                    ?? FashionMNIST.defaultDirectory
                let fashion = clause.head.text == "fashion_mnist"
                let key = "\(clause.head.text):\(directory)"
                let sets: (train: Dataset, test: Dataset)
                if let cached = environment.loadedImages[key] {
                    sets = cached
                } else {
                    sets = try FashionMNIST.load(
                        directory: directory, classNames: fashion ? FashionMNIST.classNames : nil, name: name)
                    environment.loadedImages[key] = sets
                }
                return DataValue(name: name, train: sets.train, test: sets.test)
            case "idx":
                let images = try string(expression(clause.argument("images"))!, "the images file")
                let labels = try string(expression(clause.argument("labels"))!, "the labels file")
                return DataValue(name: name, train: try IDX.imageDataset(images: images, labels: labels, name: name))
            case "csv":
                let file = try string(expression(clause.argument("file"))!, "the file")
                guard let target = expression(clause.argument("target")) else {
                    throw Diagnostic(
                        range: range, message: "csv needs the name of its target column",
                        help: "for example: csv \"\(file)\" target \"label\"")
                }
                let loaded = try CSV.load(
                    file, target: try string(target, "the target column"), standardize: clause.argument("standardize") != nil)
                var set = loaded.dataset
                set.name = name
                return DataValue(name: name, train: set)
            default:
                return DataValue(name: name, train: try generate(clause, name: name))
            }
        } catch let error as Diagnostic {
            throw error
        } catch {
            throw failure(error, at: range)
        }
    }

    private func generate(_ clause: Clause, name: String) throws(Diagnostic) -> Dataset {
        let seed = try seed(clause)
        var set: Dataset
        switch clause.head.text {
        case "xor":
            set = ToyData.xor(
                count: try count(clause, default: 4), noise: try float(clause, "noise", default: 0, in: 0...10), seed: seed)
        case "spirals":
            let classes = try expression(clause.argument("classes")).map { e throws(Diagnostic) in
                try integer(e, "classes", in: 2...12)
            }
            set = ToyData.spirals(
                count: try count(clause, default: 400), classes: classes ?? 2,
                noise: try float(clause, "noise", default: 0.1, in: 0...10), seed: seed)
        case "moons":
            set = ToyData.moons(
                count: try count(clause, default: 400), noise: try float(clause, "noise", default: 0.1, in: 0...10), seed: seed)
        case "circles":
            set = ToyData.circles(
                count: try count(clause, default: 400), noise: try float(clause, "noise", default: 0.05, in: 0...10),
                factor: try float(clause, "factor", default: 0.5, in: 0.01...0.99), seed: seed)
        case "blobs":
            let centers = try expression(clause.argument("centers")).map { e throws(Diagnostic) in
                try integer(e, "centers", in: 1...12)
            }
            set = ToyData.blobs(
                count: try count(clause, default: 400), centers: centers ?? 3,
                spread: try float(clause, "spread", default: 0.5, in: 0...10), seed: seed)
        default:
            let steps = try expression(clause.argument("steps")).map { e throws(Diagnostic) in
                try integer(e, "steps", in: 1...1000)
            }
            set = ToyData.sine(
                count: try count(clause, default: 1000), steps: steps ?? 20,
                noise: try float(clause, "noise", default: 0.05, in: 0...10),
                sequenceTargets: clause.argument("sequences") != nil, seed: seed)
        }
        set.name = name
        return set
    }

    private func view(_ base: DataValue, _ clause: Clause, name: String) throws(Diagnostic) -> DataValue {
        var value = base
        value.name = name
        do {
            if word(clause.argument("as")) == "sequences" {
                value = try value.map { set throws(DataError) in try set.asSequences() }
            }
            if clause.argument("unlabeled") != nil { value = try value.map { $0.unlabeled } }
            if let take = expression(clause.argument("take")) {
                let n = try integer(take, "take", in: 1...Int.max)
                value = try value.map { $0.prefix(n) }
            }
            if clause.argument("standardized") != nil {
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
        let (training, validation) = value.train.split(validationFraction: part, seed: environment.seed)
        guard training.count > 0, validation.count > 0 else {
            throw Diagnostic(
                range: fraction.range, message: "'\(name)' has too few samples to hold out \(NumberText.format(part)) of them")
        }
        value.train = training
        value.validation = validation
        environment.values[name] = .data(value)
        sink(.note(value.description))
    }
}
