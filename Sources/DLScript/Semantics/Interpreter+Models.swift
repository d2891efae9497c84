import DLCore
import Foundation

/// `model`, `summary`, `save` and `load`.
extension Interpreter {
    func defineModel(_ name: Name, _ clauses: [Clause]) throws(Diagnostic) {
        var inputShape: [Int]?
        var layers: [LayerSpec] = []
        var layerClauses: [Clause] = []
        var layerNames: [String: Int] = [:]
        for (index, clause) in clauses.enumerated() {
            if clause.head.text == "input" {
                guard index == 0 else {
                    throw Diagnostic(range: clause.head.range, message: "'input' must be the first line of a model")
                }
                inputShape = try arguments(of: clause, in: Forms.layers).sizes("shape")
                continue
            }
            let arguments = try arguments(of: clause, in: Forms.layers)
            if let layerName = arguments.optionalName(Forms.layerName.name) {
                if layerNames[layerName.text] != nil {
                    throw Diagnostic(
                        range: layerName.range, message: "'\(name.text)' already has a layer named '\(layerName.text)'",
                        help: "give each layer its own name")
                }
                if Words.series.contains(layerName.text) {
                    throw Diagnostic(
                        range: layerName.range,
                        message:
                            "'\(layerName.text)' is a series of every model (\(name.text).\(layerName.text)), so it cannot name a layer",
                        help: "name the layer otherwise, e.g. \(clause.head.text)_\(layers.count)")
                }
                layerNames[layerName.text] = layers.count
            }
            layers.append(try layer(arguments))
            layerClauses.append(clause)
        }
        guard !layers.isEmpty else {
            throw Diagnostic(
                range: name.range, message: "model '\(name.text)' has no layers",
                help: "for example: model \(name.text) { dense 10 softmax }")
        }
        let entry = ModelEntry(
            name: name.text, clauses: layerClauses, layers: layers, network: nil, seed: environment.seed,
            layerNames: layerNames)
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

    /// The layer a clause of a model block describes, built by its form's row.
    private func layer(_ arguments: Arguments) throws(Diagnostic) -> LayerSpec {
        let clause = arguments.clause
        guard let build = arguments.form.layer else {
            throw Diagnostic(range: clause.head.range, message: "'\(clause.head.text)' is not a layer")
        }
        return try build(arguments)
    }

    /// The arguments of `clause`, read through the form of its head word among `forms`.
    func arguments(of clause: Clause, in forms: [Form]) throws(Diagnostic) -> Arguments {
        guard let form = forms.first(where: { $0.name == clause.head.text }) else {
            throw Diagnostic(range: clause.head.range, message: "unknown '\(clause.head.text)'")
        }
        return Arguments(clause: clause, form: form, interpreter: self)
    }

    func summary(_ model: Name) throws(Diagnostic) {
        let network = try self.network(model, for: nil)
        let layers = zip(network.layers, network.layerOutputShapes).map { layer, shape in
            ModelSummary.Layer(description: "\(layer)", outputShape: shape, parameters: layer.parameterCount)
        }
        sink(
            .summary(
                ModelSummary(
                    model: model.text, inputShape: network.inputShape, layers: layers,
                    trainableParameters: network.parameterCount)))
    }

    /// The metadata key of a saved model's layer names (`as hidden`), as JSON.
    static let layerNamesKey = "dl.script.layer_names"

    func save(_ model: Name, _ path: Expression) throws(Diagnostic) {
        let network = try self.network(model, for: nil)
        let entry = try self.model(model)
        let file = try string(path, "the file")
        // Processes that train together hold the same weights; the first writes them.
        guard options.communicator.rank == 0 else { return }
        do {
            let names = String(decoding: try JSONEncoder().encode(entry.layerNames), as: UTF8.self)
            try SafeTensors.save(
                network, to: file, training: entry.history.isEmpty && entry.optimizer == nil ? nil : entry.trainingState,
                notes: entry.layerNames.isEmpty ? [:] : [Self.layerNamesKey: names])
        } catch {
            throw Diagnostic(
                range: path.range, message: "cannot save to \(file): \(error)",
                help: "check that the folder exists and is writable")
        }
        sink(.note("saved \(model.text) (\(NumberText.grouped(network.parameterCount)) parameters) to \(file)"))
        if !file.lowercased().hasSuffix(".safetensors") {
            sink(
                .warning(
                    "\(file) holds safetensors whatever its name says; name it \((file as NSString).deletingPathExtension).safetensors so other tools know"
                ))
        }
    }

    func load(_ name: Name, _ path: Expression) throws(Diagnostic) {
        let file = try string(path, "the file")
        let saved: SavedModel
        do { saved = try SafeTensors.loadSaved(from: file) } catch { throw failure(error, at: path.range) }
        let network = saved.network
        // Names that do not fit this network (a file edited by hand) are left out.
        let names = saved.notes[Self.layerNamesKey].flatMap { try? JSONDecoder().decode([String: Int].self, from: Data($0.utf8)) }
        let entry = ModelEntry(
            name: name.text, clauses: [], layers: network.spec.layers, network: network, seed: environment.seed,
            layerNames: (names ?? [:]).filter { network.layers.indices.contains($0.value) })
        var trained = ""
        if let training = saved.training {
            entry.history = training.history
            entry.batchLosses = training.batchLosses
            if let spec = training.optimizer, let optimizer = training.makeOptimizer() {
                entry.optimizer = (spec, optimizer)
            }
            if !training.history.isEmpty {
                trained =
                    "\nit has trained \(NumberText.count(training.history.count, "epoch")) (table \(name.text) shows them); "
                    + "train goes on from there\(training.optimizer.map { " with its \($0.name) optimizer's state" } ?? "")"
            }
        }
        environment.values[name.text] = .model(entry)
        sink(.note("loaded \(name.text) from \(file)\n\(network)\(trained)"))
    }
}
