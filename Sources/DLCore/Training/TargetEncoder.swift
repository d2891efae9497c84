/// Turns a data set's labels into the target rows a model's loss needs.
///
/// Class labels become one-hot rows for a model with one output per class, or a single 0/1
/// value for a model with one output and two classes; regression targets are copied; a data set
/// without labels is its own target (an autoencoder reconstructs its input).
struct TargetEncoder {
    enum Mode {
        case oneHot(classes: [Int], count: Int)
        case binary(classes: [Int])
        case values(Tensor)
        case reconstruction(Samples)
    }

    let mode: Mode
    /// Target values per sample, the model's output width.
    let width: Int

    init(model: Sequential, data: Dataset) throws(ModelError) {
        let outputWidth = model.outputShape.product
        width = outputWidth
        switch data.labels {
        case let .classes(classes, names):
            if outputWidth == names.count {
                mode = .oneHot(classes: classes, count: names.count)
            } else if outputWidth == 1 && names.count <= 2 {
                mode = .binary(classes: classes)
            } else {
                throw ModelError(
                    "the model gives \(NumberFormat.count(outputWidth, "output")) per sample but '\(data.name)' has \(names.count) classes: end the model with a dense layer of \(names.count) units (softmax)\(names.count == 2 ? ", or of 1 unit (sigmoid)" : "")"
                )
            }
        case let .values(values):
            let targetWidth = values.count / Swift.max(data.count, 1)
            guard targetWidth == outputWidth else {
                throw ModelError(
                    "the model gives \(NumberFormat.count(outputWidth, "output")) per sample but '\(data.name)' has \(NumberFormat.count(targetWidth, "target value")) per sample"
                )
            }
            mode = .values(values)
        case .none:
            guard data.samples.width == outputWidth else {
                throw ModelError(
                    "'\(data.name)' has no labels, so the model must reconstruct its \(NumberFormat.count(data.samples.width, "input")), but it gives \(NumberFormat.count(outputWidth, "output"))"
                )
            }
            mode = .reconstruction(data.samples)
        }
    }

    /// The class of sample `index`, for accuracy; nil when the targets are not classes.
    func classOf(_ index: Int) -> Int? {
        switch mode {
        case let .oneHot(classes, _), let .binary(classes): classes[index]
        default: nil
        }
    }

    var isClassification: Bool {
        switch mode {
        case .oneHot, .binary: true
        case .values, .reconstruction: false
        }
    }

    /// Writes the targets of samples `indices` row after row into `destination`.
    func fill<C: Collection>(_ indices: C, into destination: UnsafeMutablePointer<Float>) where C.Element == Int {
        switch mode {
        case let .oneHot(classes, count):
            destination.update(repeating: 0, count: indices.count * count)
            for (row, index) in indices.enumerated() { destination[row * count + classes[index]] = 1 }
        case let .binary(classes):
            for (row, index) in indices.enumerated() { destination[row] = Float(classes[index]) }
        case let .values(values):
            values.scalars.withUnsafeBufferPointer { source in
                for (row, index) in indices.enumerated() {
                    (destination + row * width).update(from: source.baseAddress! + index * width, count: width)
                }
            }
        case let .reconstruction(samples):
            samples.gather(indices, into: destination)
        }
    }

    /// The class that row `row` of a model's output (before or after the output activation) names.
    func predictedClass(_ y: UnsafePointer<Float>, row: Int, logits: Bool) -> Int {
        if width == 1 { return y[row] > (logits ? 0 : 0.5) ? 1 : 0 }
        var best = 0
        for j in 1..<width where y[row * width + j] > y[row * width + best] { best = j }
        return best
    }

    /// How many rows of `output` name the right class for samples `indices`.
    func correct<C: Collection>(_ output: Tensor, indices: C, logits: Bool) -> Int where C.Element == Int {
        guard isClassification else { return 0 }
        return output.scalars.withUnsafeBufferPointer { y in
            indices.enumerated().reduce(0) { right, pair in
                right + (predictedClass(y.baseAddress!, row: pair.offset, logits: logits) == classOf(pair.element) ? 1 : 0)
            }
        }
    }
}
