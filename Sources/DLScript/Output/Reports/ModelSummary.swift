import DLCore

/// A model's layers as `summary` shows them: each layer, the shape of what it puts out, and its
/// parameters.
public struct ModelSummary: Sendable, Equatable {
    public struct Layer: Sendable, Equatable {
        /// The layer as DL writes it, e.g. `Dense(784 => 256, relu)`.
        public var description: String
        public var outputShape: [Int]
        public var parameters: Int
    }

    public var model: String
    public var inputShape: [Int]
    public var layers: [Layer]
    /// The trainable parameters of the whole model.
    public var trainableParameters: Int

    /// The summary as a table: the input, then a row per layer, the total under it.
    public var table: Table {
        var rows = [["input", Shape.format(inputShape), ""]]
        rows += layers.map { [$0.description, Shape.format($0.outputShape), NumberText.grouped($0.parameters)] }
        return Table(
            title: "model \(model)", columns: ["layer", "output shape", "parameters"], rows: rows,
            footer: ["total: \(NumberText.grouped(trainableParameters)) trainable parameters"])
    }
}
