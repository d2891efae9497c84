import DLCore

/// `evaluate`, `predict`, `table` and `plot`: what a trained model shows.
extension Interpreter {
    func evaluateModel(_ model: Name, _ dataExpression: Expression) throws(Diagnostic) {
        let data = try self.data(dataExpression)
        let network = try self.network(model, for: data)
        let result: Evaluation
        do { result = try Evaluator.evaluate(network, on: data.dataset) } catch {
            throw Diagnostic(range: dataExpression.range, message: error.message)
        }
        sink(.evaluation(EvaluationReport(model: model.text, data: data.name, evaluation: result)))
        if let confusion = result.confusion, let names = result.classNames, names.count <= 20 {
            sink(.confusion(ConfusionMatrix(counts: confusion, classNames: names)))
        }
        if let strip = mistakes(network, data, model: model.text) { sink(.images(strip)) }
    }

    func predict(_ model: Name, _ dataExpression: Expression) throws(Diagnostic) {
        let data = try self.data(dataExpression)
        let network = try self.network(model, for: data)
        let set = data.dataset
        guard set.samples.width == network.inputShape.product else {
            throw Diagnostic(
                range: dataExpression.range,
                message:
                    "the model takes input \(Shape.format(network.inputShape)) but '\(data.name)' has samples of \(Shape.format(set.samples.shape))"
            )
        }
        let shown = Swift.min(set.count, 20)
        let output = network.predict(set.samples.batch(0..<shown))
        let width = output.count / Swift.max(shown, 1)
        if width == set.samples.width, let strip = reconstructions(set, outputs: output, title: "\(model.text) on \(data.name)") {
            sink(.images(strip))
            return
        }
        if case let .stepClasses(classes, steps, names) = set.labels {
            // Each step's class is its largest output; an input one-hot over the same symbols reads the same way.
            let predicted = Self.predictedClasses(output, count: shown * steps)
            let inputSteps = set.samples.width / names.count
            let read =
                set.samples.shape.last == names.count
                ? Self.predictedClasses(set.samples.batch(0..<shown), count: shown * inputSteps) : nil
            let samples = (0..<shown).map { sample in
                SequencePredictions.Sample(
                    index: sample, input: read.map { $0[(sample * inputSteps)..<((sample + 1) * inputSteps)].map { names[$0] } },
                    predicted: predicted[(sample * steps)..<((sample + 1) * steps)].map { names[$0] },
                    target: classes[(sample * steps)..<((sample + 1) * steps)].map { names[$0] })
            }
            sink(
                .sequencePredictions(
                    SequencePredictions(model: model.text, data: data.name, samples: samples, total: set.count)))
            return
        }
        // Regression data has a target per sample; a classifier's, a label.
        var targets: Tensor?
        if case let .values(values) = set.labels { targets = values }
        let targetWidth = targets.map { $0.count / Swift.max(set.count, 1) } ?? 0
        let labels = set.classIndices
        let samples = (0..<shown).map { sample in
            Predictions.Sample(
                index: sample, outputs: Array(output.scalars[(sample * width)..<((sample + 1) * width)]),
                target: targets.map { Array($0.scalars[(sample * targetWidth)..<((sample + 1) * targetWidth)]) },
                label: labels?[sample])
        }
        sink(
            .predictions(
                Predictions(
                    model: model.text, data: data.name, classNames: set.classNames, width: width, hasTargets: targets != nil,
                    hasLabels: labels != nil, samples: samples, total: set.count)))
        // A sequence target: the first sample's whole sequence, predicted against the target.
        if let targets, targets.shape.count > 2 || targetWidth > 1, targetWidth == width, let first = samples.first {
            sink(.plot(sequencePlot(first, input: set.samples, title: "\(model.text) on \(data.name)")))
        }
        // Images: each beside the class the model gave it.
        if set.classNames != nil, shown > 1 {
            let pictured = Swift.min(shown, Self.imagesShown)
            let predicted = Self.predictedClasses(output, count: shown)
            let more = set.count > pictured ? " (the first \(pictured) of \(NumberText.grouped(set.count)))" : ""
            if let strip = classified(
                set, indices: Array(0..<pictured), predicted: Array(predicted.prefix(pictured)),
                title: "\(model.text) on \(data.name)\(more): the class it gives each")
            {
                sink(.images(strip))
            }
        }
    }

    /// One sample's predicted sequence against its target, after its input when the input is a
    /// sequence of single values (a wave whose next values were predicted).
    private func sequencePlot(_ sample: Predictions.Sample, input: Samples, title: String) -> LinePlot {
        var lead: [Float] = []
        if input.shape.count == 2, input.shape[1] == 1 {
            lead = Array(input.batch(sample.index..<(sample.index + 1)).scalars)
        }
        let gap = [Float](repeating: .nan, count: lead.count)
        let series =
            (lead.isEmpty ? [] : [LinePlot.Series(name: "input", values: lead)]) + [
                LinePlot.Series(name: "target", values: gap + (sample.target ?? [])),
                LinePlot.Series(name: "predicted", values: gap + sample.outputs),
            ]
        let which = input.count > 1 ? ", sample \(sample.index)" : ""
        return LinePlot(title: "\(title)\(which): predicted against target", series: series, xLabel: "step")
    }

    /// The first samples of a labelled image set that `network` classifies wrongly, found batch by
    /// batch until there are enough, as pictures captioned with the class given and the right one.
    func mistakes(_ network: Sequential, _ data: DataValue, model: String) -> ImageStrip? {
        let set = data.dataset
        guard set.holdsGreyImages, let labels = set.classIndices else { return nil }
        var wrong: [(index: Int, predicted: Int)] = []
        var start = 0
        while start < set.count && wrong.count < Self.imagesShown {
            let end = Swift.min(set.count, start + 256)
            let predicted = Self.predictedClasses(network.predict(set.samples.batch(start..<end)), count: end - start)
            for (offset, guess) in predicted.enumerated() where guess != labels[start + offset] && wrong.count < Self.imagesShown
            {
                wrong.append((start + offset, guess))
            }
            start = end
        }
        return classified(
            set, indices: wrong.map(\.index), predicted: wrong.map(\.predicted),
            title: "\(model) on \(data.name): the first \(wrong.count) it gets wrong")
    }

    func table(_ model: Name) throws(Diagnostic) {
        let entry = try self.model(model)
        guard !entry.history.isEmpty else {
            throw Diagnostic(
                range: model.range, message: "'\(model.text)' has not trained yet",
                help: "train it first: train \(model.text) on <data>")
        }
        sink(.history(ModelHistory(model: model.text, records: entry.history, showsSeconds: options.timings)))
    }

    func plot(_ expressions: [Expression], logarithmic: Bool = false) throws(Diagnostic) {
        // Each expression is evaluated once, in order: the first before the others are looked at.
        let first = try evaluate(expressions[0])
        if expressions.count == 1, !logarithmic {
            switch first {
            case let .parameter(parameter): return plot(parameter)
            case let .data(data): return try plot(data, at: expressions[0].range)
            default: break
            }
        }
        var series: [LinePlot.Series] = []
        for (index, e) in expressions.enumerated() {
            let value = index == 0 ? first : try evaluate(e)
            let numbers: [Float]
            switch value {
            case let .list(items):
                numbers = try items.map { item throws(Diagnostic) in
                    guard case let .number(n) = item else {
                        throw Diagnostic(
                            range: e.range, message: "a plotted list must hold numbers, this one holds \(item.kindName)")
                    }
                    return Float(n)
                }
            case .number(let n): numbers = [Float(n)]
            default:
                throw Diagnostic(
                    range: e.range, message: "'\(text(e.range))' is \(value.kindName), not a series to plot",
                    help: "plot a model's history, e.g. plot mlp.loss, mlp.val_loss")
            }
            guard !numbers.isEmpty else {
                throw Diagnostic(range: e.range, message: "'\(text(e.range))' is empty", help: "train the model first")
            }
            if logarithmic, !numbers.contains(where: { $0 > 0 && $0.isFinite }) {
                throw Diagnostic(
                    range: e.range, message: "'\(text(e.range))' has no value above 0, so a logarithmic axis cannot show it",
                    help: "drop 'log' to plot it on a linear axis")
            }
            series.append(LinePlot.Series(name: text(e.range), values: numbers))
        }
        let title =
            (series.count == 1 ? series[0].name : series.map(\.name).joined(separator: ", "))
            + (logarithmic ? " (logarithmic axis)" : "")
        // Slices of histories that all start at one epoch are drawn at their epochs.
        let starts = try Set(expressions.map { e throws(Diagnostic) in try firstEpoch(e) })
        // A per-update history is drawn against updates, an epoch's against epochs.
        let perUpdate = expressions.allSatisfy { e in
            var base = e
            if case let .index(inner, _, _) = e.kind { base = inner }
            if case let .member(_, series) = base.kind { return series.text == "batch_loss" }
            return false
        }
        sink(
            .plot(
                LinePlot(
                    title: title, series: series, xLabel: perUpdate ? "update" : "epoch",
                    xStart: Double(starts.count == 1 ? starts.first! : 1), logarithmic: logarithmic)))
    }

    /// `plot toy`: a 2-D data set's points, coloured by class; `plot waves[0]`: one sequence
    /// sample as a line over its steps, with its target when that is a sequence of the same length.
    private func plot(_ data: DataValue, at range: SourceRange) throws(Diagnostic) {
        let set = data.dataset
        let shape = set.samples.shape
        if shape == [2] {
            let values = set.samples.tensor.scalars
            let labels = set.classIndices ?? [Int](repeating: 0, count: set.count)
            let points = (0..<set.count).map { RegionPlot.Point(x: values[2 * $0], y: values[2 * $0 + 1], label: labels[$0]) }
            sink(
                .regions(
                    scatter(
                        "\(data.name): \(NumberText.count(set.count, "point"))", points, classNames: set.classNames ?? ["points"])
                ))
            return
        }
        guard set.count == 1, shape.count == 1 || (shape.count == 2 && shape[1] == 1) else {
            throw Diagnostic(
                range: range, message: "'\(data.name)' is not something plot draws: it has samples of \(Shape.format(shape))",
                help: "plot draws a 2-D data set (plot toy) or one sequence sample (plot waves[0])")
        }
        var series = [LinePlot.Series(name: data.name, values: set.samples.tensor.scalars)]
        if case let .values(targets) = set.labels, targets.count == series[0].values.count {
            series.append(.init(name: "its target", values: targets.scalars))
        }
        sink(.plot(LinePlot(title: data.name, series: series, xLabel: "step")))
    }

    /// The most samples `plot features` draws.
    static let featureSamples = 1000

    /// `plot features m[1] on data`: each sample as the point that layer makes of it: its two
    /// outputs, or the first two principal components of more, coloured by class when the data
    /// has classes. An autoencoder's 2-D code shows the classes it found without labels.
    func plotFeatures(_ layerExpression: Expression, _ dataExpression: Expression) throws(Diagnostic) {
        guard case let .layer(layer) = try evaluate(layerExpression) else {
            throw Diagnostic(
                range: layerExpression.range, message: "plot features needs a layer of a model",
                help: "for example: plot features m[1] on toy (m[1] is m's second layer)")
        }
        let data = try self.data(dataExpression)
        let set = data.dataset
        guard set.samples.width == layer.network.inputShape.product else {
            throw Diagnostic(
                range: dataExpression.range,
                message:
                    "'\(data.name)' has samples of \(Shape.format(set.samples.shape)), but the model takes \(Shape.format(layer.network.inputShape))"
            )
        }
        let count = Swift.min(set.count, Self.featureSamples)
        guard count > 0 else { throw Diagnostic(range: dataExpression.range, message: "'\(data.name)' has no samples") }
        let outputs = layer.network.outputs(ofLayer: layer.index, for: set.samples.batch(0..<count))
        let width = outputs.count / count
        let coordinates: [[Float]]
        let how: String
        switch width {
        case 1:
            coordinates = (0..<count).map { [outputs.scalars[$0], 0] }
            how = "its one output across"
        case 2:
            coordinates = (0..<count).map { [outputs.scalars[2 * $0], outputs.scalars[2 * $0 + 1]] }
            how = "its two outputs"
        default:
            coordinates = PrincipalComponents.project(outputs.scalars, rows: count, columns: width)
            how = "PCA of its \(width) outputs"
        }
        let labels = set.classIndices ?? [Int](repeating: 0, count: count)
        let points = (0..<count).map { RegionPlot.Point(x: coordinates[$0][0], y: coordinates[$0][1], label: labels[$0]) }
        let shown = count < set.count ? " (first \(NumberText.grouped(count)))" : ""
        sink(
            .regions(scatter("\(layer.name) on \(data.name)\(shown): \(how)", points, classNames: set.classNames ?? ["samples"])))
    }

    /// The grid of a scatter or decision-region plot at the session's width: its columns, and a
    /// third as many rows (a character is about twice as tall as it is wide).
    var plotGrid: (columns: Int, rows: Int) {
        let columns = Swift.max(20, options.width - 10)
        return (columns, Swift.max(8, columns / 3))
    }

    /// Points drawn alone, coloured by class, with axes around them.
    private func scatter(_ title: String, _ points: [RegionPlot.Point], classNames: [String]) -> RegionPlot {
        let (columns, rows) = plotGrid
        return RegionPlot(
            title: title, cells: [], columns: columns, rows: rows, xRange: Self.padded(points.map(\.x)),
            yRange: Self.padded(points.map(\.y)), points: points, classNames: classNames)
    }

    /// A range around the finite `values` with a margin, for the axes of a scatter; within
    /// `Float`'s range, however large the values.
    static func padded(_ values: [Float]) -> ClosedRange<Float> {
        let finite = values.filter(\.isFinite)
        let low = Double(finite.min() ?? -1)
        let high = Double(finite.max() ?? 1)
        let margin = Swift.max((high - low) * 0.05, 0.1)
        let limit = Double(Float.greatestFiniteMagnitude)
        return Float(Swift.max(low - margin, -limit))...Float(Swift.min(high + margin, limit))
    }

    /// `plot m[0].weight`: how the values spread (a histogram), and each unit's weights as a
    /// picture when they lie over an image (a first dense layer on images, a convolution).
    private func plot(_ parameter: ParameterValue) {
        let bins = 40
        let histogram = parameter.histogram(bins: bins)
        sink(
            .plot(
                LinePlot(
                    title: "\(parameter.name): how its \(NumberText.grouped(parameter.values.count)) values spread",
                    series: [.init(name: "values in each range", values: histogram.counts)], xLabel: "value",
                    xStart: Double(histogram.low + histogram.step / 2), xStep: Double(histogram.step))))
        if let images = parameter.unitImages(limit: Self.imagesShown) {
            sink(
                .images(
                    ImageStrip(
                        title: "\(parameter.name): each unit's weights (bright: large, dark: small)",
                        rows: [ImageStrip.Row(label: "", images: images)])))
        }
    }

    /// `plot sigmoid`: an activation and its derivative from -5 to 5, computed by the layers' own
    /// code, so a learner sees where it saturates and where its gradient vanishes.
    func plotActivation(_ name: Name) throws(Diagnostic) {
        let activation = Activation(rawValue: name.text)!
        let inputs = (0...100).map { Float(-5 + Double($0) / 10) }
        guard let graph = activation.graph(at: inputs) else {
            throw Diagnostic(
                range: name.range, message: "softmax has no graph of one variable",
                help: "it turns a row of values into probabilities that sum to 1; plot sigmoid, its two-class case")
        }
        sink(
            .plot(
                LinePlot(
                    title: "\(name.text) and its derivative",
                    series: [
                        .init(name: "\(name.text)(z)", values: graph.values),
                        .init(name: "\(name.text)'(z)", values: graph.slopes),
                    ], xLabel: "z", xStart: -5, xStep: 0.1)))
    }

    /// The epoch of the first value of `e`: where a slice of a model's history starts, else 1.
    private func firstEpoch(_ e: Expression) throws(Diagnostic) -> Int {
        guard case let .index(base, lower, upper) = e.kind, case let .member(owner, _) = base.kind,
            case .model = try evaluate(owner), case let .list(items) = try evaluate(base)
        else { return 1 }
        let index = try integer(lower, "the index", in: (upper == nil ? -items.count : 0)...items.count)
        return (index < 0 ? items.count + index : index) + 1
    }
}
