/// A model's loss, accuracy and confusion matrix on a labelled data set.
public struct Evaluation: Sendable, Equatable {
    /// The mean loss.
    public var loss: Float
    /// The fraction classified right (classification only).
    public var accuracy: Float?
    /// `confusion[true][predicted]` counts (classification only).
    public var confusion: [[Int]]?
    /// The class names, in index order (classification only).
    public var classNames: [String]?
    /// The number of samples evaluated.
    public var count: Int
}

/// Runs a model over a data set in inference mode, in batches.
public enum Evaluator {
    /// Evaluates `model` on `data` with `loss` (by default the one that fits the model).
    public static func evaluate(
        _ model: Sequential, on data: Dataset, loss: LossKind? = nil,
        batchSize: Int = 500
    ) throws(ModelError) -> Evaluation {
        var pass = try BatchPass(model: model, data: data, loss: loss)
        return run(&pass, batchSize: batchSize)
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
        var start = 0
        while start < data.count {
            let indices = start..<Swift.min(data.count, start + batchSize)
            let (output, value) = pass.run(indices, training: false)
            lossSum += Double(value) * Double(indices.count)
            correct += encoder.correct(output, indices: indices, logits: fused)
            if confusion != nil, let labels = data.classIndices {
                output.scalars.withUnsafeBufferPointer { y in
                    for (row, index) in indices.enumerated() {
                        confusion![labels[index]][encoder.predictedClass(y.baseAddress!, row: row, logits: fused)] += 1
                    }
                }
            }
            start = indices.upperBound
        }
        let count = Swift.max(data.count, 1)
        return Evaluation(
            loss: Float(lossSum / Double(count)),
            accuracy: encoder.isClassification ? Float(correct) / Float(count) : nil,
            confusion: confusion, classNames: classes, count: data.count)
    }
}
