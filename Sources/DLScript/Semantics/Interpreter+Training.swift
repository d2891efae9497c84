import DLCore
import Foundation
import Synchronization

/// `train`: options to `TrainingOptions`, the run on its own thread, the streamed table.
extension Interpreter {
    /// A warning when a model reads the samples in another layout than theirs: the same number of
    /// values but other dimensions (`input 56x14` on 28x28x1 images), which trains, silently, on
    /// rows cut across. A flat input (`input 784`) is the usual way to feed images to dense layers,
    /// and flat samples have no layout, so neither is warned about; sizes of 1 do not count.
    static func layoutWarning(_ model: String, input: [Int], data: DataValue) -> String? {
        let samples = data.dataset.samples.shape
        let (declared, own) = (input.filter { $0 != 1 }, samples.filter { $0 != 1 })
        guard declared.count >= 2, own.count >= 2, declared != own, input.reduce(1, *) == samples.reduce(1, *) else {
            return nil
        }
        return "'\(model)' takes input \(Shape.format(input)) but '\(data.name)' has samples of \(Shape.format(samples)): "
            + "the same \(NumberText.grouped(samples.reduce(1, *))) values read in another layout, so each row of the input "
            + "cuts across the samples' own rows; if that is not meant, declare input \(Shape.format(own))"
    }

    /// Trains; returns where training stopped when the front end interrupted it, nil otherwise.
    func train(_ model: Name, _ dataExpression: Expression, _ clause: Clause) throws(Diagnostic) -> String? {
        let data = try self.data(dataExpression)
        let entry = try self.model(model)
        let network = try self.network(model, for: data)
        let options = try trainingOptions(clause, data: data)
        if let warning = Self.layoutWarning(model.text, input: network.inputShape, data: data) { sink(.warning(warning)) }
        if options.loss == .binaryCrossEntropy, network.outputActivation == .softmax, let argument = clause.argument("loss") {
            throw Diagnostic(
                range: argument.range,
                message:
                    "binary_crossentropy takes one sigmoid output, but '\(model.text)' ends with \(NumberText.count(network.outputShape.product, "softmax unit"))",
                help: "drop the loss option (softmax trains with crossentropy), or end the model with 'dense 1 sigmoid'")
        }
        if options.loss == nil, data.dataset.classNames != nil, network.outputActivation == .linear,
            network.outputShape.product == data.dataset.classNames?.count
        {
            sink(
                .warning(
                    "'\(model.text)' ends without softmax, so it is trained with mse on one-hot labels; end it with 'dense \(network.outputShape.product) softmax' for cross-entropy"
                ))
        }
        let checkpoint = try expression(clause.argument("checkpoint")).map { e throws(Diagnostic) in
            try string(e, "the checkpoint file")
        }
        let earlierEpochs = entry.history.count
        let validates: Bool = if case .none = options.validation { false } else { true }
        let report = TrainingReport(
            accuracy: data.dataset.classNames != nil, validation: validates, seconds: self.options.timings,
            epochOffset: earlierEpochs, sink: sink)
        let checkpointFailure = CheckpointFailure()
        /// Says a checkpoint was saved after `record`'s epoch, or keeps why it was not.
        let checkpointed: @Sendable (EpochRecord, String?) -> Void = { [sink] record, failure in
            if let failure {
                checkpointFailure.record(failure)
            } else if let checkpoint {
                sink(
                    .progress(
                        id: "checkpoint",
                        BatchProgressText(line: "saved epoch \(report.renumbered(record).epoch) to \(checkpoint)")))
            }
        }
        let optimizer = entry.optimizer(for: options.optimizer)
        let outcome: TrainingOutcome
        if let job = try workerJob(clause) {
            do {
                let (result, trained) = try job.run(
                    model: network, optimizer: optimizer, spec: options.optimizer, data: data.dataset, options: options,
                    checkpoint: checkpoint, cancellation: cancellation
                ) { message in
                    switch message {
                    case let .event(event): report.handle(event)
                    case let .checkpoint(record, failure): checkpointed(record, failure)
                    case .outcome: break
                    }
                }
                entry.optimizer = (options.optimizer, trained)
                outcome = result
            } catch {
                throw Diagnostic(range: clause.argument("workers")!.range, message: error.message, help: data.hint)
            }
        } else {
            let run = TrainingRun(
                trainer: Trainer(options: options), model: network, data: data.dataset, optimizer: optimizer,
                cancellation: cancellation
            ) { event in
                report.handle(event)
                // Processes that train together hold the same weights; the first writes them.
                guard options.communicator.rank == 0 else { return }
                if let saved = checkpoint.map(Checkpoint.init)?.save(after: event, of: network) {
                    checkpointed(saved.record, saved.failure)
                }
            }
            switch run.wait() {
            case let .success(result): outcome = result
            case let .failure(error): throw Diagnostic(range: dataExpression.range, message: error.message, help: data.hint)
            }
        }
        let interruption = finish(outcome, entry: entry, report: report, earlierEpochs: earlierEpochs)
        if let message = checkpointFailure.message {
            sink(.warning("the checkpoint could not be saved to \(checkpoint ?? ""): \(message)"))
        } else if let checkpoint, outcome.bestEpoch != nil {
            sink(.progress(id: "checkpoint", nil))
            sink(.note("checkpoint: the best epoch's weights are in \(checkpoint)"))
        }
        return interruption
    }

    /// Keeps what a training added to the model's history and ends its table; returns where it
    /// stopped when it was interrupted.
    private func finish(_ outcome: TrainingOutcome, entry: ModelEntry, report: TrainingReport, earlierEpochs: Int) -> String? {
        entry.history += outcome.history.map(report.renumbered)
        entry.batchLosses += report.batchLosses
        report.finish(outcome)
        if case let .cancelled(epoch, batch) = outcome.reason {
            return LossTable.interruption(epoch: epoch + earlierEpochs, batch: batch)
        }
        return nil
    }

    /// The MPI job `workers n` asks for, if it does.
    private func workerJob(_ clause: Clause) throws(Diagnostic) -> WorkerJob? {
        let a = Arguments(clause: clause, form: Forms.training, interpreter: self)
        guard let workers = try a.optionalWhole("workers"), let argument = clause.argument("workers") else {
            if let hosts = clause.argument("hosts") {
                throw Diagnostic(range: hosts.range, message: "hosts names the machines of workers", help: "add: workers 2")
            }
            return nil
        }
        guard options.communicator.size == 1 else {
            throw Diagnostic(
                range: argument.range, message: "this session already runs in \(options.communicator.size) MPI processes",
                help: "drop 'workers': every process of the job already trains its shard")
        }
        guard let command = options.workerCommand else {
            throw Diagnostic(
                range: argument.range, message: "this front end cannot start workers: it has no dlrepl beside it to run them",
                help: "run the script under mpirun instead: mpirun -np \(workers) dlrepl script.dl")
        }
        return WorkerJob(processes: workers, hosts: try a.optionalString("hosts"), command: command)
    }

    private func trainingOptions(_ clause: Clause, data: DataValue) throws(Diagnostic) -> TrainingOptions {
        let a = Arguments(clause: clause, form: Forms.training, interpreter: self)
        var options = TrainingOptions(epochs: try a.optionalWhole("epochs") ?? 10, batchSize: 32, seed: try a.seed())
        if let argument = clause.argument("batch") {
            // `batch full` is a word, not a number: the whole set in one batch.
            options.batchSize = expression(argument) == nil ? nil : try a.whole("batch")
        }
        let rate = try a.optionalNumber("lr").map(Float.init)
        let name = word(clause.argument("optimizer")) ?? "adam"
        guard var optimizer = OptimizerSpec.named(name, learningRate: rate) else {
            throw Diagnostic(range: clause.argument("optimizer")!.range, message: "unknown optimizer '\(name)'")
        }
        if let argument = clause.argument("momentum") {
            let momentum = Float(try a.number("momentum"))
            guard case let .sgd(lr, _, nesterov) = optimizer else {
                throw Diagnostic(range: argument.range, message: "momentum is an option of sgd", help: "add: optimizer sgd")
            }
            optimizer = .sgd(learningRate: lr, momentum: momentum, nesterov: nesterov)
        }
        if optimizer.isFullBatch, let argument = clause.argument("batch"), let size = expression(argument) {
            throw Diagnostic(
                range: argument.range,
                message: "gd takes one step per epoch on the whole set, so it has no batch size",
                help:
                    "drop '\(text(argument.range))' (or write 'batch full'), or use 'optimizer sgd' for steps on batches of \(text(size.range))"
            )
        }
        options.optimizer = optimizer
        options.loss = word(clause.argument("loss")).flatMap(LossKind.init(rawValue:))
        if let e = expression(clause.argument("validate")) {
            switch try evaluate(e) {
            case .number:
                let fraction = try number(e, "the validation fraction", in: 0...1)
                guard fraction > 0 && fraction < 1 else {
                    throw Diagnostic(
                        range: e.range,
                        message: "the validation fraction must be between 0 and 1, not \(NumberText.format(fraction))")
                }
                options.validation = .fraction(fraction)
            case let .data(set): options.validation = .dataset(set.dataset)
            case let other:
                throw Diagnostic(range: e.range, message: "validate takes a fraction or a data set, not \(other.kindName)")
            }
        } else if let validation = data.validation {
            options.validation = .dataset(validation)
        }
        options.patience = try a.optionalWhole("patience")
        if case let .schedule(factor, every)? = clause.argument("schedule")?.value {
            options.schedule = .step(
                factor: Float(try number(factor, "the schedule's factor", in: 0...10)),
                every: try integer(every, "the schedule's epochs", in: 1...1_000_000))
        }
        options.clipNorm = try a.optionalNumber("clip").map(Float.init)
        options.communicator = self.options.communicator
        options.shards = try a.optionalWhole("shards") ?? self.options.shards
        return options
    }
}

/// The first error of a checkpoint save on the training thread, read after the run.
private final class CheckpointFailure: Sendable {
    private let first = Mutex<String?>(nil)

    func record(_ message: String) { first.withLock { if $0 == nil { $0 = message } } }
    var message: String? { first.withLock { $0 } }
}
