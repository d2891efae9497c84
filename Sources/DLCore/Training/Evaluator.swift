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
        try Trainer.checkInputs(model, data)
        let encoder = try TargetEncoder(model: model, data: data)
        let kind = loss ?? LossKind.fitting(activation: model.outputActivation, outputWidth: encoder.width)
        let fn = kind.loss
        let fused = fn.fusedActivation != nil && fn.fusedActivation == model.outputActivation
        return run(model, on: data, encoder: encoder, loss: fn, fused: fused, batchSize: batchSize)
    }

    static func run(
        _ model: Sequential, on data: Dataset, encoder: TargetEncoder, loss: any Loss, fused: Bool,
        batchSize: Int = 500
    ) -> Evaluation {
        let batchSize = Swift.min(batchSize, model.largestBatch)
        let classes = data.classNames
        let classCount = classes?.count ?? 0
        var confusion =
            encoder.isClassification ? [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount) : nil
        var pass = BatchPass(model: model, samples: data.samples, encoder: encoder, loss: loss, fused: fused)
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
