/// A model's loss, accuracy and confusion matrix on a labelled data set.
public struct Evaluation: Sendable, Equatable {
    /// The mean loss.
    public var loss: Float
    /// The fraction classified right (classification only): of samples, or of steps when each
    /// step has a class.
    public var accuracy: Float?
    /// `confusion[true][predicted]` counts (classification only).
    public var confusion: [[Int]]?
    /// The class names, in index order (classification only).
    public var classNames: [String]?
    /// The number of samples evaluated.
    public var count: Int
    /// How many classified steps each sample has: 1, or its output's steps when each step has a
    /// class (then accuracy and the confusion matrix count steps).
    public var stepsPerSample: Int = 1
    /// The mean absolute difference between outputs and targets (regression only).
    public var meanAbsoluteError: Float? = nil
    /// The coefficient of determination, 1 - (squared error) / (targets' squared deviation from
    /// their mean): 1 is perfect, 0 no better than always answering the mean (regression only).
    public var rSquared: Float? = nil
}

/// Runs a model over a data set in inference mode, in batches.
public enum Evaluator {
    /// Evaluates `model` on `data` with `loss` (by default the one that fits the model).
    public static func evaluate(
        _ model: Sequential, on data: Dataset, loss: LossKind? = nil,
        batchSize: Int = 500
    ) throws(ModelError) -> Evaluation {
        var pass = try BatchPass(model: model, data: data, loss: loss)
        let evaluation = run(&pass, batchSize: batchSize)
        if let failure = data.samples.file?.takeFailure() { throw ModelError(failure.description) }
        return evaluation
    }

    /// Runs `pass` over all of its data in inference mode, in batches.
    static func run(_ pass: inout BatchPass, batchSize: Int = 500) -> Evaluation {
        let (data, encoder, fused) = (pass.data, pass.encoder, pass.fused)
        let batchSize = Swift.min(batchSize, pass.model.largestBatch)
        let classes = data.classNames
        let classCount = classes?.count ?? 0
        var confusion =
            encoder.isClassification ? [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount) : nil
        var lossSum: Double = 0
        var correct = 0
        var regression = RegressionSums()
        var start = 0
        while start < data.count {
            let indices = start..<Swift.min(data.count, start + batchSize)
            let (output, value) = pass.run(indices, training: false)
            lossSum += Double(value) * Double(indices.count)
            correct += encoder.correct(output, indices: indices, logits: fused)
            if case let .values(targets) = encoder.mode {
                regression.add(output, targets: targets, indices: indices, width: encoder.width)
            }
            if confusion != nil {
                encoder.classify(output, indices: indices, logits: fused) { truth, predicted in
                    confusion![truth][predicted] += 1
                }
            }
            start = indices.upperBound
        }
        let count = Swift.max(data.count, 1)
        var evaluation = Evaluation(
            loss: Float(lossSum / Double(count)),
            accuracy: encoder.isClassification ? Float(correct) / Float(count * encoder.steps) : nil,
            confusion: confusion, classNames: classes, count: data.count, stepsPerSample: encoder.steps)
        if case let .values(targets) = encoder.mode, regression.values > 0 {
            evaluation.meanAbsoluteError = Float(regression.absolute / Double(regression.values))
            evaluation.rSquared = regression.rSquared(targets: targets)
        }
        return evaluation
    }
}

/// Sums over a regression's outputs and targets, for its mean absolute error and R².
private struct RegressionSums {
    var absolute: Double = 0
    var squared: Double = 0
    var values = 0

    /// Adds the outputs of samples `indices` (rows of `width` values) against their targets.
    mutating func add(_ output: Tensor, targets: Tensor, indices: Range<Int>, width: Int) {
        let y = output.scalars
        let t = targets.scalars
        for (row, index) in indices.enumerated() {
            for j in 0..<width {
                let difference = Double(y[row * width + j]) - Double(t[index * width + j])
                absolute += Swift.abs(difference)
                squared += difference * difference
            }
        }
        values += indices.count * width
    }

    /// 1 - squared error / the targets' squared deviation from their mean; nil when every target
    /// is the same (the ratio has no meaning).
    func rSquared(targets: Tensor) -> Float? {
        let t = targets.scalars
        let mean = t.reduce(0) { $0 + Double($1) } / Double(Swift.max(t.count, 1))
        let deviation = t.reduce(0) { $0 + (Double($1) - mean) * (Double($1) - mean) }
        return deviation > 0 ? Float(1 - squared / deviation) : nil
    }
}
