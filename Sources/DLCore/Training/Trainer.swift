import Foundation

/// Runs the epoch and batch loop: forward, loss, backward, optimizer step.
///
/// Knows nothing of tables or plots: it reports `TrainingEvent`s and returns a
/// `TrainingOutcome`. Checks `cancellation` between batches, so a cancelled model keeps the
/// weights of its last finished batch. A loss that is not a finite number stops training before
/// the update it would have caused.
public struct Trainer: Sendable {
    public var options: TrainingOptions

    public init(options: TrainingOptions) { self.options = options }

    /// Trains `model` on `data` on the calling thread (see `TrainingRun` to train on another).
    ///
    /// Who owns what: the caller owns the model, and training only changes its weights; `Run`
    /// (made once by `prepare`) owns the passes over the training and validation data, the
    /// optimizer, and the sample order with its generator; `epoch` runs one pass and returns its
    /// record, or how training ended inside it; `EarlyStopping` owns the best epoch and its weights.
    ///
    /// `optimizer`, when given, is the one that steps (with what it remembers from earlier
    /// steps), at the options' learning rate; it must be the options' kind of optimizer, made for
    /// `model`'s parameters. Without it, a fresh one is made.
    public func fit(
        _ model: Sequential, on data: Dataset, optimizer: (any Optimizer)? = nil,
        cancellation: CancellationToken = CancellationToken(), events: (TrainingEvent) -> Void = { _ in }
    ) throws(ModelError) -> TrainingOutcome {
        var run = try prepare(model, on: data, optimizer: optimizer)
        defer { model.endShardedBatches() }
        events(
            .started(
                epochs: options.epochs, batches: run.batches, samples: run.pass.data.count, loss: run.pass.lossKind.rawValue,
                optimizer: options.optimizer.isFullBatch ? "gd(lr \(run.baseRate))" : run.optimizer.description))
        var history: [EpochRecord] = []
        var stopping = EarlyStopping(patience: options.patience)
        for epoch in 1...options.epochs {
            let record: EpochRecord
            switch self.epoch(epoch, of: &run, cancellation: cancellation, events: events) {
            case let .finished(finished): record = finished
            case let .stopped(reason):
                return TrainingOutcome(reason: reason, history: history, bestEpoch: stopping.bestEpoch)
            case let .unreadable(error):
                throw ModelError("\(error) (The model keeps the weights of its last finished batch.)")
            }
            history.append(record)
            events(.epochFinished(record, isBest: stopping.record(record, of: model)))
            if stopping.stops(after: epoch, of: options.epochs) {
                stopping.restoreBest(into: model, lastEpoch: epoch)
                let best = stopping.bestEpoch ?? epoch
                return TrainingOutcome(reason: .earlyStopped(bestEpoch: best), history: history, bestEpoch: best)
            }
        }
        stopping.restoreBest(into: model, lastEpoch: options.epochs)
        return TrainingOutcome(reason: .completed, history: history, bestEpoch: stopping.bestEpoch)
    }

    /// What one training run owns between its epochs.
    private struct Run {
        let model: Sequential
        var pass: BatchPass
        var validationPass: BatchPass?
        let optimizer: any Optimizer
        let baseRate: Float
        let parameters: [Parameter]
        let batchSize: Int
        let batches: Int
        var order: [Int]
        var generator: RandomGenerator
        /// How each batch's gradient is summed from shards, when it is split into any.
        var sharded: ShardedStep?
    }

    /// Checks the options and the data, splits off the validation part, and sets up the run.
    private func prepare(_ model: Sequential, on data: Dataset, optimizer given: (any Optimizer)?) throws(ModelError) -> Run {
        guard options.epochs >= 1 else { throw ModelError("epochs must be at least 1, got \(options.epochs)") }
        var training = data
        var validation: Dataset?
        switch options.validation {
        case .none: break
        case let .fraction(fraction):
            guard fraction > 0 && fraction < 1 else {
                throw ModelError("the validation fraction must be between 0 and 1, got \(fraction)")
            }
            (training, validation) = data.split(validationFraction: fraction, seed: options.seed &+ 0x5EED)
        case let .dataset(set):
            validation = set
        }
        let pass = try BatchPass(model: model, data: training, loss: options.loss)
        let validationPass = try validation.map { set throws(ModelError) in
            try BatchPass(model: model, data: set, loss: pass.lossKind)
        }
        let n = training.count
        guard n > 0 else { throw ModelError("'\(training.name)' has no samples to train on") }
        let batchSize = options.optimizer.isFullBatch ? n : Swift.min(options.batchSize ?? n, n)
        guard batchSize >= 1 else { throw ModelError("the batch size must be at least 1, got \(batchSize)") }
        try model.checkBatchFits(batchSize)
        let optimizer = given ?? options.optimizer.make()
        optimizer.learningRate = options.optimizer.learningRate
        let parameters = model.parameters.filter(\.trainable)
        var sharded: ShardedStep?
        let communicator = options.communicator
        guard options.shards >= 1 else { throw ModelError("shards must be at least 1, got \(options.shards)") }
        if communicator.size * options.shards > 1 {
            if model.layers.contains(where: { $0 is BatchNorm }) {
                throw ModelError(
                    "batchnorm normalises over a whole batch, but split into shards each part would see only its own rows: "
                        + "leave batchnorm out, or train this model in one process without shards")
            }
            sharded = ShardedStep(parameters: parameters, shards: options.shards, communicator: communicator)
        }
        if communicator.size > 1 {
            // Every process starts from process 0's weights.
            for parameter in model.parameters {
                parameter.value.scalars.withUnsafeMutableBufferPointer { communicator.broadcast($0, from: 0) }
            }
        }
        return Run(
            model: model, pass: pass, validationPass: validationPass, optimizer: optimizer,
            baseRate: optimizer.learningRate, parameters: parameters, batchSize: batchSize,
            batches: (n + batchSize - 1) / batchSize, order: Array(0..<n), generator: RandomGenerator(seed: options.seed),
            sharded: sharded)
    }

    /// Sets the batch's gradient and returns its mean loss, how many of its outputs were right
    /// and whether every process stops after it. Split into shards, the processes' sum decides
    /// the stop; in one piece, `stop` stops before the batch, so this is not called.
    private func gradient(of indices: ArraySlice<Int>, in run: inout Run, stop: Bool) -> (
        loss: Float, correct: Int, stop: Bool
    ) {
        if var sharded = run.sharded {
            let result = sharded.run(indices, model: run.model, pass: &run.pass, stop: stop)
            run.sharded = sharded
            return (result.loss, result.correct, result.stop)
        }
        let (output, value) = run.pass.run(indices, training: true)
        guard value.isFinite else { return (value, 0, false) }
        run.model.backward(run.pass.gradient)
        return (value, run.pass.encoder.correct(output, indices: indices, logits: run.pass.fused), false)
    }

    /// How an epoch ended: with its record, with training stopped inside it, or with a data file
    /// that could no longer be read (before the step of the batch that read it).
    private enum EpochEnd {
        case finished(EpochRecord)
        case stopped(StopReason)
        case unreadable(DataError)
    }

    /// One pass over the training data in shuffled batches, then over the validation data.
    /// Stops before a batch when cancelled, and before the update of a batch whose loss is not a
    /// finite number (restoring the epoch's first weights if that loss already spoiled them).
    private func epoch(
        _ epoch: Int, of run: inout Run, cancellation: CancellationToken, events: (TrainingEvent) -> Void
    ) -> EpochEnd {
        let start = Date()
        let model = run.model
        run.optimizer.learningRate = options.schedule.rate(epoch: epoch, base: run.baseRate)
        if options.shuffle { run.order.shuffle(using: &run.generator) }
        let epochStart = model.snapshot()
        let (n, encoder) = (run.order.count, run.pass.encoder)
        var lossSum: Double = 0
        var correct = 0
        var seen = 0
        for batch in 0..<run.batches {
            let cancelled = cancellation.isCancelled
            if cancelled && run.sharded == nil { return .stopped(.cancelled(epoch: epoch, batch: batch)) }
            let indices = run.order[(batch * run.batchSize)..<Swift.min(n, (batch + 1) * run.batchSize)]
            let (value, right, stops) = gradient(of: indices, in: &run, stop: cancelled)
            if let failure = run.pass.data.samples.file?.takeFailure() { return .unreadable(failure) }
            guard value.isFinite else {
                let kept = run.parameters.allSatisfy { $0.value.isFinite }
                if !kept { model.restore(epochStart) }
                let rate = run.optimizer.learningRate
                let message =
                    "the loss became \(value.isNaN ? "NaN" : "infinite") at epoch \(epoch), batch \(batch + 1): "
                    + "the learning rate (\(NumberFormat.short(rate))) is probably too high; "
                    + "try a smaller one, such as \(NumberFormat.short(rate / 10)). "
                    + (kept
                        ? "The model keeps the weights of the last batch with a finite loss."
                        : "The model keeps the weights from the start of epoch \(epoch), the last finite ones.")
                return .stopped(.diverged(epoch: epoch, batch: batch + 1, message: message))
            }
            if let limit = options.clipNorm { Self.clip(run.parameters, to: limit) }
            run.optimizer.step(run.parameters)
            lossSum += Double(value) * Double(indices.count)
            correct += right
            seen += indices.count
            let elapsed = Date().timeIntervalSince(start)
            events(
                .batchFinished(
                    BatchProgress(
                        epoch: epoch, epochs: options.epochs, batch: batch + 1, batches: run.batches, loss: value,
                        runningLoss: Float(lossSum / Double(seen)),
                        samplesPerSecond: Double(seen) / Swift.max(elapsed, 1e-9), elapsed: elapsed)))
            if stops { return .stopped(.cancelled(epoch: epoch, batch: batch + 1)) }
        }
        var record = EpochRecord(
            epoch: epoch, loss: Float(lossSum / Double(seen)),
            accuracy: encoder.isClassification ? Float(correct) / Float(seen * encoder.steps) : nil,
            learningRate: run.optimizer.learningRate, seconds: 0)
        if run.validationPass != nil {
            let result = Evaluator.run(&run.validationPass!)
            if let failure = run.validationPass!.data.samples.file?.takeFailure() { return .unreadable(failure) }
            record.validationLoss = result.loss
            record.validationAccuracy = result.accuracy
        }
        record.seconds = Date().timeIntervalSince(start)
        return .finished(record)
    }

    /// Scales every gradient by `limit / norm` when their global norm exceeds `limit`.
    static func clip(_ parameters: [Parameter], to limit: Float) {
        var squares: Double = 0
        for parameter in parameters {
            for g in parameter.gradient.scalars { squares += Double(g * g) }
        }
        let norm = Float(squares.squareRoot())
        guard norm > limit, norm > 0 else { return }
        let scale = limit / norm
        for parameter in parameters {
            parameter.gradient.scalars.withUnsafeMutableBufferPointer { g in
                for i in g.indices { g[i] *= scale }
            }
        }
    }

}
