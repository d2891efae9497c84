/// Turns a data set's labels into the target rows a model's loss needs.
///
/// Class labels become one-hot rows for a model with one output per class, or a single 0/1
/// value for a model with one output and two classes; a class per step becomes a one-hot row per
/// step; regression targets are copied; a data set without labels is its own target (an
/// autoencoder reconstructs its input).
struct TargetEncoder {
    enum Mode {
        /// `steps` one-hot rows of `count` per sample (1 unless each step has its class).
        case oneHot(classes: [Int], count: Int, steps: Int)
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
                mode = .oneHot(classes: classes, count: names.count, steps: 1)
            } else if outputWidth == 1 && names.count <= 2 {
                mode = .binary(classes: classes)
            } else {
                throw ModelError(
                    "the model gives \(NumberFormat.count(outputWidth, "output")) per sample but '\(data.name)' has \(names.count) classes: end the model with a dense layer of \(names.count) units (softmax)\(names.count == 2 ? ", or of 1 unit (sigmoid)" : "")"
                )
            }
        case let .stepClasses(classes, steps, names):
            guard model.outputShape == [steps, names.count] else {
                throw ModelError(
                    "the model's output is \(Shape.format(model.outputShape)) per sample but '\(data.name)' has one of \(names.count) classes at each of \(NumberFormat.count(steps, "step")) (\(steps)x\(names.count)): end the model with a sequence of \(steps) steps and a softmax of \(names.count) at each, e.g. decoder 32 steps \(steps) outputs \(names.count) softmax, or repeat \(steps); lstm 32 sequences; timedense \(names.count) softmax"
                )
            }
            mode = .oneHot(classes: classes, count: names.count, steps: steps)
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

    /// How many classified rows each sample has: its steps when each step has a class, else 1.
    var steps: Int {
        if case let .oneHot(_, _, steps) = mode { steps } else { 1 }
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
        case let .oneHot(classes, count, steps):
            destination.update(repeating: 0, count: indices.count * steps * count)
            for (row, index) in indices.enumerated() {
                for step in 0..<steps { destination[(row * steps + step) * count + classes[index * steps + step]] = 1 }
            }
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

    /// The class that classified row `row` of a model's output (before or after the output
    /// activation) names: a sample's row, or one step's when each step has a class.
    func predictedClass(_ y: UnsafePointer<Float>, row: Int, logits: Bool) -> Int {
        let columns = width / steps
        if columns == 1 { return y[row] > (logits ? 0 : 0.5) ? 1 : 0 }
        var best = 0
        for j in 1..<columns where y[row * columns + j] > y[row * columns + best] { best = j }
        return best
    }

    /// Calls `body` with the true and the predicted class of every classified row of `output`
    /// (the outputs of samples `indices`); nothing when the targets are not classes.
    func classify<C: Collection>(
        _ output: Tensor, indices: C, logits: Bool, _ body: (_ truth: Int, _ predicted: Int) -> Void
    ) where C.Element == Int {
        let classes: [Int]
        switch mode {
        case let .oneHot(labels, _, _), let .binary(labels): classes = labels
        case .values, .reconstruction: return
        }
        let steps = self.steps
        output.scalars.withUnsafeBufferPointer { y in
            for (row, index) in indices.enumerated() {
                for step in 0..<steps {
                    body(classes[index * steps + step], predictedClass(y.baseAddress!, row: row * steps + step, logits: logits))
                }
            }
        }
    }

    /// How many classified rows of `output` name the right class for samples `indices`: one
    /// per sample, or one per step when each step has a class.
    func correct<C: Collection>(_ output: Tensor, indices: C, logits: Bool) -> Int where C.Element == Int {
        var right = 0
        classify(output, indices: indices, logits: logits) { truth, predicted in right += truth == predicted ? 1 : 0 }
        return right
    }
}
