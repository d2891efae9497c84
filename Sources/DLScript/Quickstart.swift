import DLCore

/// The main job of `make run` until the language arrives: train the Fashion-MNIST MLP
/// (784-256-128-10, Adam) with a validation split and report its loss table and plot.
public enum Quickstart {
    /// Trains for `epochs` epochs and sends everything it shows to `sink`; throws if the data
    /// set is missing or the model does not fit it.
    public static func run(epochs: Int = 5, sink: @escaping @Sendable (OutputEvent) -> Void) throws {
        sink(.text("Loading Fashion-MNIST from \(FashionMNIST.defaultDirectory)"))
        let data = try FashionMNIST.load()
        let spec = ModelSpec(
            inputShape: [28, 28, 1],
            layers: [.dense(256, .relu), .dense(128, .relu), .dense(10, .softmax)])
        let model = try Sequential(spec, seed: 42)
        sink(.text(model.description))
        let options = TrainingOptions(
            epochs: epochs, batchSize: 64, optimizer: .named("adam")!,
            validation: .fraction(0.1), seed: 42)
        let report = TrainingReport(accuracy: true, validation: true, sink: sink)
        let run = TrainingRun(trainer: Trainer(options: options), model: model, data: data.train) { report.handle($0) }
        let outcome = try run.wait().get()
        report.finish(outcome)
        let test = try Evaluator.evaluate(model, on: data.test)
        sink(.text("test: loss \(LossTable.format(test.loss))  accuracy \(LossTable.format(test.accuracy ?? 0))"))
        sink(
            .plot(
                LinePlot(
                    title: "loss per epoch",
                    series: [
                        .init(name: "loss", values: outcome.history.map(\.loss)),
                        .init(name: "val_loss", values: outcome.history.compactMap(\.validationLoss)),
                    ])))
    }
}
