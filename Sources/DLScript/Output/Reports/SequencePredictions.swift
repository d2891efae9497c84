/// What `predict` shows for a model that gives a class at each step (a string of digits in,
/// another out): each sample's input, the string it gives and the right one, as symbols.
///
/// ```
/// r on rev
/// sample  input  predicted  target  right
///      0  4071   1704       1704    4/4
/// ```
public struct SequencePredictions: Sendable, Equatable {
    public struct Sample: Sendable, Equatable {
        /// The sample's position in the data set.
        public var index: Int
        /// The input's symbols, when its steps are one-hot over the same symbols; else nil.
        public var input: [String]?
        public var predicted: [String]
        public var target: [String]
    }

    public var model: String
    public var data: String
    public var samples: [Sample]
    /// How many samples the data set has; the first `samples.count` are shown.
    public var total: Int

    /// A row per sample: its input, the predicted and right strings, and how many steps agree.
    public var table: Table {
        let showsInput = samples.contains { $0.input != nil }
        let rows = samples.map { sample -> [String] in
            let right = zip(sample.predicted, sample.target).filter { $0 == $1 }.count
            return [String(sample.index)] + (showsInput ? [(sample.input ?? []).joined()] : [])
                + [sample.predicted.joined(), sample.target.joined(), "\(right)/\(sample.target.count)"]
        }
        let columns = ["sample"] + (showsInput ? ["input"] : []) + ["predicted", "target", "right"]
        let footer = total > samples.count ? ["showing the first \(samples.count) of \(NumberText.grouped(total)) samples"] : []
        return Table(
            title: "\(model) on \(data)", columns: columns,
            alignments: columns.map { ["sample", "right"].contains($0) ? .right : .left }, rows: rows, footer: footer)
    }
}
