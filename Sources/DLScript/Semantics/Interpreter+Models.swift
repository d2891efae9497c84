import DLCore
import Foundation

/// `model`, `summary`, `save` and `load`.
extension Interpreter {
    func defineModel(_ name: Name, _ clauses: [Clause]) throws(Diagnostic) {
        var inputShape: [Int]?
        var layers: [LayerSpec] = []
        var layerClauses: [Clause] = []
        for (index, clause) in clauses.enumerated() {
            if clause.head.text == "input" {
                guard index == 0 else {
                    throw Diagnostic(range: clause.head.range, message: "'input' must be the first line of a model")
                }
                inputShape = try shape(expression(clause.argument("shape"))!, "the input shape")
                continue
            }
            layers.append(try layer(clause))
            layerClauses.append(clause)
        }
        guard !layers.isEmpty else {
            throw Diagnostic(
                range: name.range, message: "model '\(name.text)' has no layers",
                help: "for example: model \(name.text) { dense 10 softmax }")
        }
        let entry = ModelEntry(name: name.text, clauses: layerClauses, layers: layers, network: nil, seed: environment.seed)
        if let inputShape { entry.network = try build(entry, inputShape: inputShape, at: name.range) }
        environment.values[name.text] = .model(entry)
        sink(.note(entry.network.map { "\($0)" } ?? entry.description))
    }

    /// Builds the network of `entry` for samples of `inputShape`; a layer that cannot take its
    /// input is reported at its line.
    func build(_ entry: ModelEntry, inputShape: [Int], at range: SourceRange) throws(Diagnostic) -> Sequential {
        do {
            return try Sequential(ModelSpec(inputShape: inputShape, layers: entry.layers), seed: entry.seed)
        } catch {
            let clause = error.layer.flatMap { $0 < entry.clauses.count ? entry.clauses[$0] : nil }
            throw Diagnostic(range: clause?.range ?? range, message: error.message)
        }
    }

    /// The network of a model, built for `data` if it has no input shape yet.
    func network(_ model: Name, for data: DataValue?) throws(Diagnostic) -> Sequential {
        let entry = try self.model(model)
        if let network = entry.network { return network }
        guard let data else {
            throw Diagnostic(
                range: model.range, message: "'\(model.text)' does not know its input shape yet",
                help: "train it on a data set first, or start it with an input line, e.g. input 784")
        }
        let network = try build(entry, inputShape: data.dataset.samples.shape, at: model.range)
        entry.network = network
        return network
    }

    /// Sizes from a number (`784`), sizes (`28x28x1`) or a list of numbers.
    func shape(_ expression: Expression, _ what: String) throws(Diagnostic) -> [Int] {
        let value = try evaluate(expression)
        let numbers: [Value]
        switch value {
        case .number: numbers = [value]
        case let .list(items): numbers = items
        default:
            throw Diagnostic(
                range: expression.range, message: "\(what) must be sizes such as 784 or 28x28x1, not \(value.kindName)")
        }
        let sizes = numbers.compactMap {
            if case let .number(n) = $0, n == n.rounded(), n >= 1, n <= 16_777_216 { Int(n) } else { nil }
        }
        guard !sizes.isEmpty, sizes.count == numbers.count, sizes.count <= 4 else {
            throw Diagnostic(
                range: expression.range, message: "\(what) must be one to four whole sizes of at least 1, such as 784 or 28x28x1")
        }
        return sizes
    }

    private func layer(_ clause: Clause) throws(Diagnostic) -> LayerSpec {
        func size(_ slot: String, _ what: String, limit: Int = 1 << 20) throws(Diagnostic) -> Int {
            try integer(expression(clause.argument(slot))!, what, in: 1...limit)
        }
        func optionalSize(_ slot: String, _ what: String) throws(Diagnostic) -> Int? {
            try expression(clause.argument(slot)).map { e throws(Diagnostic) in try integer(e, what, in: 1...4096) }
        }
        let activation = word(clause.argument("activation")).flatMap(Activation.init(rawValue:)) ?? .linear
        let initializer = word(clause.argument("init")).flatMap(Initializer.init(rawValue:)) ?? .automatic
        let sequences = clause.argument("sequences") != nil
        switch clause.head.text {
        case "dense": return .dense(units: try size("units", "the units"), activation: activation, initializer: initializer)
        case "dropout":
            let rate = try number(expression(clause.argument("rate"))!, "the dropout rate", in: 0...0.99)
            return .dropout(rate: Float(rate))
        case "activation": return .activation(activation)
        case "conv":
            let kernel = try shape(expression(clause.argument("kernel"))!, "the kernel size")
            guard kernel.count <= 2, kernel.allSatisfy({ $0 <= 64 }) else {
                throw Diagnostic(
                    range: clause.argument("kernel")!.range, message: "the kernel must be a size or height x width, at most 64")
            }
            return .conv2d(
                filters: try size("filters", "the filters", limit: 4096), kernel: kernel.count == 1 ? kernel + kernel : kernel,
                stride: try optionalSize("stride", "the stride") ?? 1,
                padding: word(clause.argument("padding")).flatMap(Padding.init(rawValue:)) ?? .same,
                activation: activation, initializer: initializer)
        case "maxpool", "avgpool":
            let size = try size("size", "the pool size", limit: 4096)
            let stride = try optionalSize("stride", "the stride")
            return clause.head.text == "maxpool" ? .maxPool(size: size, stride: stride) : .avgPool(size: size, stride: stride)
        case "globalavgpool": return .globalAvgPool
        case "flatten": return .flatten
        case "batchnorm": return .batchNorm
        case "reshape": return .reshape(try shape(expression(clause.argument("shape"))!, "the shape"))
        // Recurrent layers stop at 1,024 units: their orthogonal initialisation grows with the cube.
        case "rnn": return .simpleRNN(units: try size("units", "the units", limit: 1024), returnSequences: sequences)
        case "lstm": return .lstm(units: try size("units", "the units", limit: 1024), returnSequences: sequences)
        case "gru": return .gru(units: try size("units", "the units", limit: 1024), returnSequences: sequences)
        case "repeat": return .repeatVector(times: try size("times", "the number of steps", limit: 1 << 16))
        default: return .timeDistributed(units: try size("units", "the units"), activation: activation)
        }
    }

    func summary(_ model: Name) throws(Diagnostic) {
        let network = try self.network(model, for: nil)
        var rows = [["input", Shape.format(network.inputShape), ""]]
        for (layer, shape) in zip(network.layers, network.layerOutputShapes) {
            rows.append(["\(layer)", Shape.format(shape), NumberFormat.grouped(layer.parameterCount)])
        }
        sink(
            .table(
                Table(
                    title: "model \(model.text)", columns: ["layer", "output shape", "parameters"], rows: rows,
                    footer: ["total: \(NumberFormat.grouped(network.parameterCount)) trainable parameters"])))
    }

    func save(_ model: Name, _ path: Expression) throws(Diagnostic) {
        let network = try self.network(model, for: nil)
        let file = try string(path, "the file")
        do {
            try SafeTensors.save(network, to: file)
        } catch {
            throw Diagnostic(
                range: path.range, message: "cannot save to \(file): \(error)",
                help: "check that the folder exists and is writable")
        }
        sink(.note("saved \(model.text) (\(NumberFormat.grouped(network.parameterCount)) parameters) to \(file)"))
    }

    func load(_ name: Name, _ path: Expression) throws(Diagnostic) {
        let file = try string(path, "the file")
        let network: Sequential
        do { network = try SafeTensors.load(from: file) } catch { throw failure(error, at: path.range) }
        let entry = ModelEntry(
            name: name.text, clauses: [], layers: network.spec.layers, network: network, seed: environment.seed)
        environment.values[name.text] = .model(entry)
        sink(.note("loaded \(name.text) from \(file)\n\(network)"))
    }
}
