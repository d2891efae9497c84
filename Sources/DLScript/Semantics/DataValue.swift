import DLCore
import Foundation

/// A data set as the language sees it: a training part, and a test part and a validation part
/// when it has them. Used whole (`fashion`), it means its training part; `fashion.test` picks a
/// part, `fashion.test[0]` one sample, `fashion[0:100]` a slice.
struct DataValue {
    var name: String
    var train: Dataset
    var test: Dataset?
    var validation: Dataset?
    /// The training part as it was before `split` held part of it out, so that splitting again
    /// (a notebook cell run twice) starts from the whole of it, not from what is left.
    var unsplit: Dataset?
    /// What the samples of `train` are to the set they came from: `training`, or `test` and
    /// `validation` for a part picked by name (and slices of it).
    var role = "training"
    /// A note on how the data was read that the learner may want to change (a numeric CSV
    /// target read as classes), shown after the description and with training errors.
    var hint: String?

    /// The data set a statement uses when given this value: its training part.
    var dataset: Dataset { train }

    /// The part named `part`, as a value of its own.
    func part(_ part: String) -> DataValue? {
        switch part {
        case "train": DataValue(name: "\(name).train", train: train)
        case "test": test.map { DataValue(name: "\(name).test", train: $0, role: "test") }
        case "validation": validation.map { DataValue(name: "\(name).validation", train: $0, role: "validation") }
        default: nil
        }
    }

    /// Every part transformed by `change`.
    func map(_ change: (Dataset) throws(DataError) -> Dataset) throws(DataError) -> DataValue {
        DataValue(
            name: name, train: try change(train), test: try test.map(change), validation: try validation.map(change),
            role: role)
    }

    var description: String { "\(name): \(summary)" }

    /// What the set holds, in a line: its parts' sizes, sample shape and labels.
    var summary: String {
        var parts = [NumberText.count(train.count, "\(role) sample")]
        if let test { parts.append("\(NumberText.grouped(test.count)) test") }
        if let validation { parts.append("\(NumberText.grouped(validation.count)) validation") }
        var text = "\(parts.joined(separator: ", ")), each \(Shape.format(train.samples.shape))"
        if let s = train.samples.standardization {
            text += String(format: " standardized as (x - %.4g) / %.4g", s.mean, s.deviation)
        }
        switch train.labels {
        case let .classes(_, names):
            let shown = names.prefix(10).joined(separator: ", ") + (names.count > 10 ? ", …" : "")
            text += "; \(names.count) classes: \(shown)"
        case let .stepClasses(_, steps, names):
            let shown = names.prefix(10).joined(separator: ", ") + (names.count > 10 ? ", …" : "")
            text += "; a class for each of \(steps) steps, \(names.count) classes: \(shown)"
        case let .values(values):
            let shape = Array(values.shape.dropFirst())
            text += "; targets of \(Shape.format(shape)) number\(shape.reduce(1, *) == 1 ? "" : "s")"
        case .none:
            text += "; no labels"
        }
        if let file = train.samples.file {
            text +=
                "; read by offset from \(file.path) (\(NumberFormat.bytes(file.bytesRead)) of its "
                + "\(NumberFormat.bytes(file.size)) read so far)"
        }
        return text
    }
}
