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
        var rows = [["loss", NumberText.significant(result.loss)]]
        if let accuracy = result.accuracy { rows.append(["accuracy", NumberText.significant(accuracy)]) }
        rows.append(["samples", NumberText.grouped(result.count)])
        sink(.table(Table(title: "\(model.text) on \(data.name)", columns: ["metric", "value"], rows: rows)))
        if let confusion = result.confusion, let names = result.classNames, names.count <= 20 {
            let columns = ["true \\ predicted"] + names.indices.map(String.init) + ["recall"]
            let table = names.indices.map { row -> [String] in
                let total = confusion[row].reduce(0, +)
                let recall = total > 0 ? NumberText.fixed(Double(confusion[row][row]) / Double(total), decimals: 3) : "-"
                return [className(row, names)] + confusion[row].map(String.init) + [recall]
            }
            sink(.table(Table(title: "confusion matrix (rows: true class, columns: predicted)", columns: columns, rows: table)))
        }
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
        let names = set.classNames
        let labels = set.classIndices
        if width == set.samples.width, let strip = reconstructions(set, outputs: output, title: "\(model.text) on \(data.name)") {
            sink(.images(strip))
            return
        }
        if shown == 1 && width > 1 && names != nil {
            let row = Array(output.scalars[0..<width])
            let best = row.indices.max { row[$0] < row[$1] } ?? 0
            let rows = row.indices.map { index -> [String] in
                [className(index, names), NumberText.fixed(Double(row[index]), decimals: 4), Bar.text(row[index], of: 20)]
            }
            var footer = ["predicted: \(className(best, names))"]
            if let label = labels?.first { footer[0] += "   label: \(className(label, names))" }
            sink(
                .table(
                    Table(
                        title: "\(model.text) on \(data.name)", columns: ["class", "output", "probability"],
                        alignments: [.left, .right, .left], rows: rows, footer: footer)))
            return
        }
        // Regression data shows each sample's target beside the output; a single sigmoid unit, its label.
        var targets: Tensor?
        if case let .values(values) = set.labels { targets = values }
        let targetWidth = targets.map { $0.count / Swift.max(set.count, 1) } ?? 0
        func listed(_ values: [Float]) -> String {
            values.prefix(8).map { NumberText.significant($0) }.joined(separator: " ") + (values.count > 8 ? " …" : "")
        }
        var rows: [[String]] = []
        for sample in 0..<shown {
            let row = Array(output.scalars[(sample * width)..<((sample + 1) * width)])
            if width == 1 || names == nil {
                var cells = [String(sample), listed(row)]
                if let targets {
                    cells.append(listed(Array(targets.scalars[(sample * targetWidth)..<((sample + 1) * targetWidth)])))
                }
                if let labels { cells.append(className(labels[sample], names)) }
                rows.append(cells)
            } else {
                let best = row.indices.max { row[$0] < row[$1] } ?? 0
                let label = labels.map { className($0[sample], names) } ?? "-"
                rows.append([String(sample), className(best, names), NumberText.fixed(Double(row[best]), decimals: 4), label])
            }
        }
        let columns =
            width == 1 || names == nil
            ? ["sample", "output"] + (targets == nil ? [] : ["target"]) + (labels == nil ? [] : ["label"])
            : ["sample", "predicted", "output", "label"]
        let footer = set.count > shown ? ["showing the first \(shown) of \(NumberText.grouped(set.count)) samples"] : []
        sink(
            .table(
                Table(
                    title: "\(model.text) on \(data.name)", columns: columns,
                    alignments: columns.map { ["sample", "output", "target"].contains($0) ? .right : .left }, rows: rows,
                    footer: footer)))
    }

    /// A class as tables and captions show it: its number and name, or the number alone.
    func className(_ index: Int, _ names: [String]?) -> String {
        guard let names, index < names.count else { return String(index) }
        return names[index] == String(index) ? names[index] : "\(index) \(names[index])"
    }

    func table(_ model: Name) throws(Diagnostic) {
        let entry = try self.model(model)
        guard !entry.history.isEmpty else {
            throw Diagnostic(
                range: model.range, message: "'\(model.text)' has not trained yet",
                help: "train it first: train \(model.text) on <data>")
        }
        let accuracy = entry.history.contains { $0.accuracy != nil }
        let validation = entry.history.contains { $0.validationLoss != nil }
        let table = LossTable(accuracy: accuracy, validation: validation, seconds: options.timings)
        let best = entry.history.min { $0.monitoredLoss < $1.monitoredLoss }?.epoch
        let rows = entry.history.map { record in table.cells(record) + (record.epoch == best ? ["*"] : [""]) }
        let columns = table.columns + ["best"]
        sink(
            .table(
                Table(
                    title: "history of \(model.text)", columns: columns, alignments: columns.map { _ in .right }, rows: rows,
                    footer: best.map { ["* lowest \(validation ? "val_loss" : "loss"): epoch \($0)"] } ?? [])))
    }

    func plot(_ expressions: [Expression]) throws(Diagnostic) {
        var series: [LinePlot.Series] = []
        for e in expressions {
            let value = try evaluate(e)
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
            series.append(LinePlot.Series(name: text(e.range), values: numbers))
        }
        let title = series.count == 1 ? series[0].name : series.map(\.name).joined(separator: ", ")
        sink(.plot(LinePlot(title: title, series: series)))
    }
}

/// Horizontal bars of block characters.
enum Bar {
    /// A bar for `value` in [0, 1], `width` characters at most.
    static func text(_ value: Float, of width: Int) -> String {
        guard value.isFinite else { return "" }
        let filled = Int((Swift.min(Swift.max(value, 0), 1) * Float(width)).rounded())
        return String(repeating: "#", count: filled)
    }
}
