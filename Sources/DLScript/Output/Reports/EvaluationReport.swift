import DLCore

/// What `evaluate` measured: a model's loss on a data set, its accuracy for a classifier, and how
/// many samples.
public struct EvaluationReport: Sendable, Equatable {
    public var model: String
    public var data: String
    public var evaluation: Evaluation

    /// The metrics as a table of names and values.
    public var table: Table {
        var rows = [["loss", NumberText.significant(evaluation.loss)]]
        if let accuracy = evaluation.accuracy {
            rows.append([evaluation.stepsPerSample > 1 ? "accuracy per step" : "accuracy", NumberText.significant(accuracy)])
        }
        if let error = evaluation.meanAbsoluteError { rows.append(["mean absolute error", NumberText.significant(error)]) }
        if let rSquared = evaluation.rSquared { rows.append(["R² (1 is perfect)", NumberText.significant(rSquared)]) }
        rows.append(["samples", NumberText.grouped(evaluation.count)])
        if evaluation.stepsPerSample > 1 {
            rows.append(["steps", NumberText.grouped(evaluation.count * evaluation.stepsPerSample)])
        }
        return Table(title: "\(model) on \(data)", columns: ["metric", "value"], rows: rows)
    }
}
