/// What `predict` shows: a model's outputs for the first samples of a data set, beside their
/// targets or labels when the data has them.
public struct Predictions: Sendable, Equatable {
    public struct Sample: Sendable, Equatable {
        /// The sample's position in the data set.
        public var index: Int
        public var outputs: [Float]
        /// The regression target, for data that has one.
        public var target: [Float]?
        /// The class label, for data that has one.
        public var label: Int?
    }

    public var model: String
    public var data: String
    /// The names of the classes, for a classifier's data.
    public var classNames: [String]?
    /// The outputs of each sample.
    public var width: Int
    public var hasTargets: Bool
    public var hasLabels: Bool
    public var samples: [Sample]
    /// How many samples the data set has; the first `samples.count` are shown.
    public var total: Int

    /// The predictions as a table: for one sample of a classifier, each class's probability with
    /// a bar; for a classifier, each sample's predicted class and its output beside the label;
    /// otherwise each sample's outputs beside its target or label.
    public var table: Table {
        let title = "\(model) on \(data)"
        if samples.count == 1 && width > 1, let names = classNames {
            let outputs = samples[0].outputs
            let best = Self.largest(outputs)
            let rows = outputs.indices.map { index -> [String] in
                [
                    ClassName.text(index, names), NumberText.fixed(Double(outputs[index]), decimals: 4),
                    Self.bar(outputs[index], of: 20),
                ]
            }
            var footer = "predicted: \(ClassName.text(best, names))"
            if let label = samples[0].label { footer += "   label: \(ClassName.text(label, names))" }
            return Table(
                title: title, columns: ["class", "output", "probability"], alignments: [.left, .right, .left], rows: rows,
                footer: [footer])
        }
        let listsOutputs = width == 1 || classNames == nil
        let rows = samples.map { sample -> [String] in
            if listsOutputs {
                return [String(sample.index), Self.listed(sample.outputs)] + (sample.target.map { [Self.listed($0)] } ?? [])
                    + (sample.label.map { [ClassName.text($0, classNames)] } ?? [])
            }
            let best = Self.largest(sample.outputs)
            return [
                String(sample.index), ClassName.text(best, classNames),
                NumberText.fixed(Double(sample.outputs[best]), decimals: 4),
                sample.label.map { ClassName.text($0, classNames) } ?? "-",
            ]
        }
        let columns =
            listsOutputs
            ? ["sample", "output"] + (hasTargets ? ["target"] : []) + (hasLabels ? ["label"] : [])
            : ["sample", "predicted", "output", "label"]
        let footer = total > samples.count ? ["showing the first \(samples.count) of \(NumberText.grouped(total)) samples"] : []
        return Table(
            title: title, columns: columns,
            alignments: columns.map { ["sample", "output", "target"].contains($0) ? .right : .left },
            rows: rows, footer: footer)
    }

    /// The index of the largest value.
    private static func largest(_ values: [Float]) -> Int { values.indices.max { values[$0] < values[$1] } ?? 0 }

    /// Up to 8 values, then an ellipsis.
    private static func listed(_ values: [Float]) -> String {
        values.prefix(8).map { NumberText.significant($0) }.joined(separator: " ") + (values.count > 8 ? " …" : "")
    }

    /// A bar of `#` for a value in [0, 1], `width` characters at most.
    private static func bar(_ value: Float, of width: Int) -> String {
        guard value.isFinite else { return "" }
        return String(repeating: "#", count: Int((Swift.min(Swift.max(value, 0), 1) * Float(width)).rounded()))
    }
}
