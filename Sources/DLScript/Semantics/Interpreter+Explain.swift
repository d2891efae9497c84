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
        func padded(_ values: [Float]) -> ClosedRange<Float> {
            let low = values.min() ?? -1
            let high = values.max() ?? 1
            let margin = Swift.max((high - low) * 0.05, 0.1)
            return (low - margin)...(high + margin)
        }
        let (xRange, yRange) = (padded(xs), padded(ys))
        let columns = Swift.max(20, options.width - 10)
        let rows = Swift.max(8, columns / 3)
        var grid = [Float]()
        grid.reserveCapacity(rows * columns * 2)
        for row in 0..<rows {
            let y = yRange.upperBound - (yRange.upperBound - yRange.lowerBound) * Float(row) / Float(rows - 1)
            for column in 0..<columns {
                grid.append(xRange.lowerBound + (xRange.upperBound - xRange.lowerBound) * Float(column) / Float(columns - 1))
                grid.append(y)
            }
        }
        let output = network.predict(Tensor(shape: [rows * columns, 2], scalars: grid))
        let width = output.count / (rows * columns)
        let cells = (0..<(rows * columns)).map { cell -> Int in
            if width == 1 { return output.scalars[cell] > 0.5 ? 1 : 0 }
            let row = output.scalars[(cell * width)..<((cell + 1) * width)]
            return (row.indices.max { row[$0] < row[$1] } ?? 0) - cell * width
        }
        let marks = (0..<set.count).map { RegionPlot.Point(x: xs[$0], y: ys[$0], label: labels[$0]) }
        sink(
            .regions(
                RegionPlot(
                    title: "decision regions of \(model.text) on \(data.name)", cells: cells, columns: columns, rows: rows,
                    xRange: xRange, yRange: yRange, points: marks, classNames: names)))
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
        var lines = ["trace of \(model.text) on \(data.name)" + (set.classIndices.map { "   label: \($0[0])" } ?? "")]
        var x = set.samples.batch(0..<1).reshaped([1] + network.inputShape)
        var featureMaps: [ImageStrip] = []
        lines.append("input x \(Shape.format(network.inputShape)): \(Self.values(x))")
        lines.append("forward pass")
        for (index, layer) in network.layers.enumerated() {
            lines.append("  layer \(index + 1): \(layer)")
            for parameter in layer.parameters {
                let value = Self.shown(parameter.value, of: layer, name: parameter.name)
                lines.append("    \(Self.role(parameter.name)) \(Shape.format(value.shape)): \(Self.values(value))")
            }
            if let activated = layer as? any ActivatedLayer, activated.activation != .linear {
                let z = activated.forward(x, training: false, activated: false)
                lines.append("    pre-activation z: \(Self.values(z))")
                x = layer.forward(x, training: false)
                lines.append("    \(activated.activation.rawValue)(z): \(Self.values(x))")
            } else {
                x = layer.forward(x, training: false)
                lines.append("    output: \(Self.values(x))")
            }
            if layer is Conv2D, let maps = Self.featureMaps(x, title: "layer \(index + 1): \(layer)") { featureMaps.append(maps) }
        }
        if let names = set.classNames, x.count == names.count {
            let best = x.scalars.indices.max { x.scalars[$0] < x.scalars[$1] } ?? 0
            lines.append("prediction: class \(best)" + (names[best] == String(best) ? "" : " (\(names[best]))"))
        }
        do {
            let loss = try Trainer.backpropagate(network, on: set)
            lines.append("loss: \(NumberText.significant(loss))")
            lines.append("backward pass: the gradient of the loss for each weight (what an optimizer step follows, downhill)")
            for (index, layer) in network.layers.enumerated().reversed() where !layer.parameters.isEmpty {
                lines.append("  layer \(index + 1): \(layer)")
                for parameter in layer.parameters where parameter.trainable {
                    let gradient = Self.shown(parameter.gradient, of: layer, name: parameter.name)
                    lines.append("    ∂loss/∂\(parameter.name) \(Shape.format(gradient.shape)): \(Self.values(gradient))")
                }
            }
        } catch {
            lines.append("backward pass: not shown (\(error.message))")
        }
        sink(.text(lines.joined(separator: "\n")))
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

    private static func role(_ name: String) -> String {
        switch name {
        case "weight", "weights", "kernel": "weights W"
        case "bias": "bias b"
        default: name
        }
    }

    /// A parameter (or its gradient) as the trace shows it. A dense layer keeps its weights as
    /// `inputs x units`, so that a batch is one product `X W`; the trace shows them as `units x
    /// inputs`, one row per neuron, so that `z = W x + b` reads as the docs write it.
    private static func shown(_ value: Tensor, of layer: any Layer, name: String) -> Tensor {
        guard layer is Dense, name == "weight", value.shape.count == 2 else { return value }
        let (inputs, units) = (value.shape[0], value.shape[1])
        return Tensor(
            shape: [units, inputs],
            scalars: (0..<units * inputs).map { index in value.scalars[(index % inputs) * units + index / inputs] })
    }

    /// Up to 8 values, then the count and the range of the rest; a matrix of up to 8 values row by
    /// row, rows separated by `;`.
    static func values(_ tensor: Tensor) -> String {
        let scalars = tensor.scalars
        if tensor.shape.count == 2, tensor.shape[0] > 1, scalars.count <= 8 {
            let columns = tensor.shape[1]
            let rows = (0..<tensor.shape[0]).map { row in
                scalars[(row * columns)..<((row + 1) * columns)].map { NumberText.significant($0, 3) }.joined(
                    separator: ", ")
            }
            return "[\(rows.joined(separator: "; "))]"
        }
        let shown = scalars.prefix(8).map { NumberText.significant($0, 3) }.joined(separator: ", ")
        guard scalars.count > 8 else { return "[\(shown)]" }
        let low = scalars.min() ?? 0
        let high = scalars.max() ?? 0
        return
            "[\(shown), …] (\(NumberText.grouped(scalars.count)) values in [\(NumberText.significant(low, 3)), \(NumberText.significant(high, 3))])"
    }
}
