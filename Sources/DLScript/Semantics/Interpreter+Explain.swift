import DLCore

/// `plot boundary` and `trace`: what happens inside a small network.
extension Interpreter {
    func boundary(_ model: Name, _ dataExpression: Expression) throws(Diagnostic) {
        let data = try self.data(dataExpression)
        let network = try self.network(model, for: data)
        let set = data.dataset
        guard set.samples.shape == [2], network.inputShape.product == 2 else {
            throw Diagnostic(
                range: dataExpression.range, message: "decision regions need 2-D points and a model with 2 inputs",
                help: "use a generated set such as spirals, moons, circles, blobs or xor")
        }
        guard let names = set.classNames, let labels = set.classIndices else {
            throw Diagnostic(range: dataExpression.range, message: "decision regions need class labels; '\(data.name)' has none")
        }
        let points = set.samples.tensor.scalars
        var (xs, ys) = ([Float](), [Float]())
        for i in 0..<set.count {
            xs.append(points[2 * i])
            ys.append(points[2 * i + 1])
        }
        let (columns, rows) = plotGrid
        var plot = RegionPlot(
            title: "decision regions of \(model.text) on \(data.name)", cells: [], columns: columns, rows: rows,
            xRange: Self.padded(xs), yRange: Self.padded(ys),
            points: (0..<set.count).map { RegionPlot.Point(x: xs[$0], y: ys[$0], label: labels[$0]) }, classNames: names)
        var grid = [Float]()
        grid.reserveCapacity(rows * columns * 2)
        for row in 0..<rows {
            let y = plot.y(at: 1 - Double(row) / Double(rows - 1))
            for column in 0..<columns {
                grid.append(plot.x(at: Double(column) / Double(columns - 1)))
                grid.append(y)
            }
        }
        plot.cells = Self.predictedClasses(
            network.predict(Tensor(shape: [rows * columns, 2], scalars: grid)), count: rows * columns)
        sink(.regions(plot))
    }

    /// `plot fit m on line`: a regression on one feature, each sample a point (feature, target)
    /// and the model's output across the feature's range as a curve of points.
    func fit(_ model: Name, _ dataExpression: Expression) throws(Diagnostic) {
        let data = try self.data(dataExpression)
        let network = try self.network(model, for: data)
        let set = data.dataset
        guard set.samples.width == 1, network.inputShape.product == 1, network.outputShape.product == 1,
            case let .values(targets) = set.labels, targets.count == set.count
        else {
            throw Diagnostic(
                range: dataExpression.range,
                message:
                    "a fit is drawn for one feature and one number to predict; '\(data.name)' has samples of \(Shape.format(set.samples.shape)) and \(set.classNames != nil ? "classes" : "other targets")",
                help: "use data such as: data points = line 100, with a model that ends in dense 1")
        }
        let xs = set.samples.tensor.scalars
        let (columns, rows) = plotGrid
        let xRange = Self.padded(xs)
        let curveXs = (0..<columns).map { RegionPlot.interpolate(xRange, Double($0) / Double(columns - 1)) }
        let curve = network.predict(Tensor(shape: [columns, 1], scalars: curveXs)).scalars
        let points =
            zip(xs, targets.scalars).map { RegionPlot.Point(x: $0, y: $1, label: 0) }
            + zip(curveXs, curve).map { RegionPlot.Point(x: $0, y: $1, label: 1) }
        sink(
            .regions(
                RegionPlot(
                    title: "\(model.text) on \(data.name): the data (x: the feature, y: the target) and the model's curve",
                    cells: [], columns: columns, rows: rows, xRange: xRange, yRange: Self.padded(points.map(\.y)),
                    points: points, classNames: ["data", model.text])))
    }

    func trace(_ model: Name, _ dataExpression: Expression) throws(Diagnostic) {
        let data = try self.data(dataExpression)
        let network = try self.network(model, for: data)
        let set = data.dataset
        guard set.count == 1 else {
            throw Diagnostic(
                range: dataExpression.range,
                message: "trace follows one sample; '\(data.name)' has \(NumberText.grouped(set.count))",
                help: "pick one with an index, e.g. \(text(dataExpression.range))[0]")
        }
        guard set.samples.width == network.inputShape.product else {
            throw Diagnostic(
                range: dataExpression.range,
                message:
                    "the model takes input \(Shape.format(network.inputShape)) but '\(data.name)' has samples of \(Shape.format(set.samples.shape))"
            )
        }
        var x = set.samples.batch(0..<1).reshaped([1] + network.inputShape)
        let input = Self.values(x)
        var steps: [Trace.Step] = []
        var featureMaps: [ImageStrip] = []
        for (index, layer) in network.layers.enumerated() {
            let parameters = layer.parameters.map {
                Trace.Parameter(name: $0.name, values: Self.shown($0.value, of: layer, name: $0.name))
            }
            var activation: Trace.Activation?
            if let activated = layer as? any ActivatedLayer, activated.activation != .linear {
                let z = activated.forward(x, training: false, activated: false)
                activation = Trace.Activation(name: activated.activation.rawValue, input: Self.values(z))
            }
            x = layer.forward(x, training: false)
            steps.append(
                Trace.Step(
                    layer: "\(layer)", parameters: parameters, activation: activation, output: Self.values(x),
                    recurrence: (layer as? any SteppedLayer)?.lastSteps() ?? []))
            if layer is Conv2D, let maps = Self.featureMaps(x, title: "layer \(index + 1): \(layer)") { featureMaps.append(maps) }
        }
        var prediction: Trace.Prediction?
        if let names = set.classNames, x.count == names.count {
            let best = x.scalars.indices.max { x.scalars[$0] < x.scalars[$1] } ?? 0
            prediction = Trace.Prediction(index: best, name: names[best])
        }
        var target: Trace.Values?
        if case let .values(targets) = set.labels {
            target = Trace.Values(shape: [1] + targets.shape.dropFirst(), scalars: Array(targets.scalars.prefix(x.count)))
        }
        let backward: Trace.Backward
        do {
            let loss = try Trainer.backpropagate(network, on: set)
            let layers = network.layers.enumerated().reversed().filter { !$0.element.parameters.isEmpty }.map { index, layer in
                Trace.Gradients(
                    number: index + 1, layer: "\(layer)",
                    parameters: layer.parameters.filter(\.trainable).map {
                        Trace.Parameter(name: $0.name, values: Self.shown($0.gradient, of: layer, name: $0.name))
                    })
            }
            backward = .gradients(loss: loss, layers: layers)
        } catch {
            backward = .unavailable(error.message)
        }
        sink(
            .trace(
                Trace(
                    model: model.text, data: data.name, label: set.classIndices?[0], input: input, steps: steps,
                    prediction: prediction, target: target, backward: backward)))
        for maps in featureMaps { sink(.images(maps)) }
    }

    /// A convolution's output for one sample (`1 x H x W x C`) as its first channels' images:
    /// what each filter responds to, and where.
    private static func featureMaps(_ output: Tensor, title: String) -> ImageStrip? {
        guard output.shape.count == 4, output.shape[0] == 1 else { return nil }
        let (height, width, channels) = (output.shape[1], output.shape[2], output.shape[3])
        let shown = Swift.min(channels, imagesShown)
        let images = (0..<shown).map { channel in
            ImageStrip.Image(
                height: height, width: width,
                values: (0..<(height * width)).map { output.scalars[$0 * channels + channel] }, caption: "channel \(channel)")
        }
        let what = shown < channels ? "the first \(shown) of its \(channels) feature maps" : "its feature maps"
        return ImageStrip(
            title: "\(title): \(what), each scaled to its own range", rows: [.init(label: "", images: images)], scale: .eachImage,
            columnsAtMost: 14)
    }

    /// A parameter (or its gradient) as the trace shows it. A dense layer keeps its weights as
    /// `inputs x units`, so that a batch is one product `X W`; the trace shows them as `units x
    /// inputs`, one row per neuron, so that `z = W x + b` reads as the docs write it.
    private static func shown(_ value: Tensor, of layer: any Layer, name: String) -> Trace.Values {
        guard layer is Dense, name == "weight", value.shape.count == 2 else { return values(value) }
        let (inputs, units) = (value.shape[0], value.shape[1])
        return Trace.Values(
            shape: [units, inputs],
            scalars: (0..<units * inputs).map { index in value.scalars[(index % inputs) * units + index / inputs] })
    }

    /// A tensor's shape and values, for the trace.
    private static func values(_ tensor: Tensor) -> Trace.Values { Trace.Values(shape: tensor.shape, scalars: tensor.scalars) }
}
