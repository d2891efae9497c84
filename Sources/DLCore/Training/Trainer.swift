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
    public func fit(
        _ model: Sequential, on data: Dataset, cancellation: CancellationToken = CancellationToken(),
        events: (TrainingEvent) -> Void = { _ in }
    ) throws(ModelError) -> TrainingOutcome {
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
        var pass = try BatchPass(model: model, data: training, loss: options.loss)
        var validationPass = try validation.map { set throws(ModelError) in
            try BatchPass(model: model, data: set, loss: pass.lossKind)
        }
        let (encoder, lossKind, fused) = (pass.encoder, pass.lossKind, pass.fused)
        let optimizer = options.optimizer.make()
        let baseRate = optimizer.learningRate
        let n = training.count
        guard n > 0 else { throw ModelError("'\(training.name)' has no samples to train on") }
        let batchSize = options.optimizer.isFullBatch ? n : Swift.min(options.batchSize ?? n, n)
        guard batchSize >= 1 else { throw ModelError("the batch size must be at least 1, got \(batchSize)") }
        try model.checkBatchFits(batchSize)
        let batches = (n + batchSize - 1) / batchSize
        let parameters = model.parameters.filter(\.trainable)

        events(
            .started(
                epochs: options.epochs, batches: batches, samples: n, loss: lossKind.rawValue,
                optimizer: options.optimizer.isFullBatch ? "gd(lr \(baseRate))" : optimizer.description))
        var generator = RandomGenerator(seed: options.seed)
        var order = Array(0..<n)
        var history: [EpochRecord] = []
        var best: (epoch: Int, loss: Float, weights: [Tensor])?
        var sinceBest = 0

        for epoch in 1...options.epochs {
            let start = Date()
            optimizer.learningRate = options.schedule.rate(epoch: epoch, base: baseRate)
            if options.shuffle { order.shuffle(using: &generator) }
            let epochStart = model.snapshot()
            var lossSum: Double = 0
            var correct = 0
            var seen = 0
            for batch in 0..<batches {
                if cancellation.isCancelled {
                    return TrainingOutcome(
                        reason: .cancelled(epoch: epoch, batch: batch), history: history, bestEpoch: best?.epoch)
                }
                let indices = order[(batch * batchSize)..<Swift.min(n, (batch + 1) * batchSize)]
                let rows = indices.count
                let (output, value) = pass.run(indices, training: true)
                guard value.isFinite else {
                    let kept = parameters.allSatisfy { $0.value.isFinite }
                    if !kept { model.restore(epochStart) }
                    let message =
                        "the loss became \(value.isNaN ? "NaN" : "infinite") at epoch \(epoch), batch \(batch + 1): "
                        + "the learning rate (\(NumberFormat.short(optimizer.learningRate))) is probably too high; "
                        + "try a smaller one, such as \(NumberFormat.short(optimizer.learningRate / 10)). "
                        + (kept
                            ? "The model keeps the weights of the last batch with a finite loss."
                            : "The model keeps the weights from the start of epoch \(epoch), the last finite ones.")
                    return TrainingOutcome(
                        reason: .diverged(epoch: epoch, batch: batch + 1, message: message),
                        history: history, bestEpoch: best?.epoch)
                }
                model.backward(pass.gradient)
                if let limit = options.clipNorm { Self.clip(parameters, to: limit) }
                optimizer.step(parameters)
                lossSum += Double(value) * Double(rows)
                correct += encoder.correct(output, indices: indices, logits: fused)
                seen += rows
                let elapsed = Date().timeIntervalSince(start)
                events(
                    .batchFinished(
                        BatchProgress(
                            epoch: epoch, epochs: options.epochs, batch: batch + 1, batches: batches,
                            runningLoss: Float(lossSum / Double(seen)),
                            samplesPerSecond: Double(seen) / Swift.max(elapsed, 1e-9), elapsed: elapsed)))
            }
            var record = EpochRecord(
                epoch: epoch, loss: Float(lossSum / Double(seen)),
                accuracy: encoder.isClassification ? Float(correct) / Float(seen) : nil,
                learningRate: optimizer.learningRate, seconds: 0)
            if validationPass != nil {
                let result = Evaluator.run(&validationPass!)
                record.validationLoss = result.loss
                record.validationAccuracy = result.accuracy
            }
            record.seconds = Date().timeIntervalSince(start)
            history.append(record)
            let isBest = best.map { record.monitoredLoss < $0.loss } ?? true
            if isBest {
                best = (epoch, record.monitoredLoss, options.patience == nil ? [] : model.snapshot())
                sinceBest = 0
            } else {
                sinceBest += 1
            }
            events(.epochFinished(record, isBest: isBest))
            if let patience = options.patience, sinceBest >= patience, let best, epoch < options.epochs {
                model.restore(best.weights)
                return TrainingOutcome(reason: .earlyStopped(bestEpoch: best.epoch), history: history, bestEpoch: best.epoch)
            }
        }
        if options.patience != nil, let best, best.epoch != options.epochs {
            model.restore(best.weights)
        }
        return TrainingOutcome(reason: .completed, history: history, bestEpoch: best?.epoch)
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
