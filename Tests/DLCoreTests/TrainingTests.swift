import DLCore
import Foundation
import Synchronization
import Testing

@Suite("Training")
struct TrainingTests {
    static let xorSpec = ModelSpec(inputShape: [2], layers: [.dense(8, .tanh), .dense(2, .softmax)])

    @Test("a small network learns XOR to 100% with full-batch gradient descent")
    func xor() throws {
        let model = try Sequential(Self.xorSpec, seed: 1)
        let options = TrainingOptions(epochs: 500, optimizer: .gd(learningRate: 0.5))
        let outcome = try Trainer(options: options).fit(model, on: ToyData.xor())
        #expect(outcome.reason == .completed)
        #expect(outcome.history.count == 500)
        let evaluation = try Evaluator.evaluate(model, on: ToyData.xor())
        #expect(evaluation.accuracy == 1)
        #expect(evaluation.loss < 0.1)
        #expect(evaluation.confusion == [[2, 0], [0, 2]])
    }

    @Test("one sigmoid unit learns XOR with binary cross-entropy, chosen automatically")
    func xorBinary() throws {
        let spec = ModelSpec(inputShape: [2], layers: [.dense(8, .tanh), .dense(1, .sigmoid)])
        let model = try Sequential(spec, seed: 2)
        var started = ""
        let options = TrainingOptions(epochs: 300, batchSize: nil, optimizer: .named("adam", learningRate: 0.05)!)
        _ = try Trainer(options: options).fit(model, on: ToyData.xor()) { event in
            if case let .started(_, _, _, loss, _) = event { started = loss }
        }
        #expect(started == "binary_crossentropy")
        #expect(try Evaluator.evaluate(model, on: ToyData.xor()).accuracy == 1)
    }

    @Test("the same seed and thread count give the same losses")
    func determinism() throws {
        let data = ToyData.spirals(count: 600, noise: 0.1, seed: 4)
        func run() throws -> [Float] {
            let model = try Sequential(
                ModelSpec(inputShape: [2], layers: [.dense(32, .relu), .dropout(rate: 0.1), .dense(2, .softmax)]), seed: 9)
            let options = TrainingOptions(epochs: 5, batchSize: 16, validation: .fraction(0.2), seed: 9)
            return try Trainer(options: options).fit(model, on: data).history.flatMap { [$0.loss, $0.validationLoss!] }
        }
        let first = try run()
        let second = try run()
        #expect(first == second)
        #expect(first.count == 10)
    }

    @Test("cancelling keeps the weights of the last finished batch")
    func cancellation() throws {
        let model = try Sequential(Self.xorSpec, seed: 3)
        let token = CancellationToken()
        var weightsAtBatch3: [Tensor] = []
        let options = TrainingOptions(epochs: 5, batchSize: 1, optimizer: .named("sgd", learningRate: 0.1)!)
        let outcome = try Trainer(options: options).fit(model, on: ToyData.xor(count: 40), cancellation: token) { event in
            if case let .batchFinished(progress) = event, progress.epoch == 2, progress.batch == 3 {
                weightsAtBatch3 = model.snapshot()
                token.cancel()
            }
        }
        #expect(outcome.reason == .cancelled(epoch: 2, batch: 3))
        #expect(outcome.history.count == 1)
        #expect(model.snapshot() == weightsAtBatch3)
    }

    @Test("training on another thread can be cancelled within a second and keeps finite weights")
    func backgroundCancellation() throws {
        let data = ToyData.blobs(count: 200_000, centers: 3, seed: 1)
        let model = try Sequential(ModelSpec(inputShape: [2], layers: [.dense(64, .relu), .dense(3, .softmax)]), seed: 1)
        let batches = Atomic<Int>(0)
        let options = TrainingOptions(epochs: 1_000, batchSize: 32)
        let run = TrainingRun(trainer: Trainer(options: options), model: model, data: data) { event in
            if case .batchFinished = event { batches.add(1, ordering: .relaxed) }
        }
        while batches.load(ordering: .relaxed) < 10 { usleep(1_000) }
        let start = Date()
        run.cancellation.cancel()
        let outcome = try run.wait().get()
        #expect(Date().timeIntervalSince(start) < 1)
        guard case .cancelled = outcome.reason else {
            Issue.record("expected a cancelled outcome, got \(outcome.reason)")
            return
        }
        #expect(model.parameters.allSatisfy { $0.value.isFinite })
    }

    @Test("a loss that becomes NaN stops training with a message and finite weights")
    func divergence() throws {
        let model = try Sequential(ModelSpec(inputShape: [2], layers: [.dense(16, .relu), .dense(1)]), seed: 1)
        let points = ToyData.blobs(count: 64, seed: 2)
        let targets = Tensor(shape: [64, 1], scalars: (0..<64).map { Float($0) * 100 })
        let data = Dataset(name: "big targets", samples: points.samples, labels: .values(targets))
        let options = TrainingOptions(epochs: 50, batchSize: 8, optimizer: .named("sgd", learningRate: 10)!)
        let outcome = try Trainer(options: options).fit(model, on: data)
        guard case let .diverged(epoch, batch, message) = outcome.reason else {
            Issue.record("expected divergence, got \(outcome.reason)")
            return
        }
        #expect(epoch >= 1 && batch >= 1)
        #expect(message.contains("learning rate (10) is probably too high; try a smaller one, such as 1. "))
        #expect(message.contains("epoch \(epoch), batch \(batch)"))
        #expect(model.parameters.allSatisfy { $0.value.isFinite })
    }

    @Test("early stopping restores the best epoch's weights")
    func earlyStopping() throws {
        // Validating on XOR with flipped labels: the better the model learns XOR, the worse its
        // validation loss, so the first epoch stays the best.
        let train = ToyData.xor(count: 200, noise: 0.05, seed: 1)
        let flipped = Dataset(
            name: "flipped", samples: train.samples,
            labels: .classes(train.classIndices!.map { 1 - $0 }, names: ["0", "1"]))
        let model = try Sequential(Self.xorSpec, seed: 4)
        let options = TrainingOptions(
            epochs: 100, batchSize: 20, optimizer: .named("adam", learningRate: 0.05)!,
            validation: .dataset(flipped), patience: 3)
        let outcome = try Trainer(options: options).fit(model, on: train)
        guard case let .earlyStopped(best) = outcome.reason else {
            Issue.record("expected an early stop, got \(outcome.reason)")
            return
        }
        #expect(outcome.history.count == best + 3)
        let restored = try Evaluator.evaluate(model, on: flipped)
        #expect(abs(restored.loss - outcome.history[best - 1].validationLoss!) < 1e-5)
    }

    @Test("a step schedule lowers the learning rate")
    func schedule() throws {
        let model = try Sequential(Self.xorSpec, seed: 1)
        let options = TrainingOptions(
            epochs: 5, optimizer: .named("sgd", learningRate: 0.8)!, schedule: .step(factor: 0.5, every: 2))
        let rates = try Trainer(options: options).fit(model, on: ToyData.xor()).history.map(\.learningRate)
        #expect(rates == [0.8, 0.8, 0.4, 0.4, 0.2])
    }

    @Test("an autoencoder trains on data without labels")
    func autoencoder() throws {
        let data = ToyData.blobs(count: 512, seed: 3).unlabeled
        let model = try Sequential(ModelSpec(inputShape: [2], layers: [.dense(8, .tanh), .dense(2)]), seed: 2)
        let outcome = try Trainer(
            options: TrainingOptions(epochs: 30, batchSize: 32, optimizer: .named("adam", learningRate: 0.01)!)
        )
        .fit(model, on: data)
        #expect(outcome.history.last!.loss < outcome.history.first!.loss / 2)
        #expect(outcome.history.first!.accuracy == nil)
    }

    @Test("models that do not fit the data are refused with what to do")
    func mismatches() throws {
        let wrongOutputs = try Sequential(ModelSpec(inputShape: [2], layers: [.dense(3, .softmax)]), seed: 1)
        #expect(throws: ModelError.self) { try Trainer(options: .init()).fit(wrongOutputs, on: ToyData.xor()) }
        do {
            _ = try Trainer(options: .init()).fit(wrongOutputs, on: ToyData.xor())
        } catch {
            #expect(error.message.contains("has 2 classes: end the model with a dense layer of 2 units"))
        }
        let wrongInputs = try Sequential(ModelSpec(inputShape: [784], layers: [.dense(2, .softmax)]), seed: 1)
        do {
            _ = try Evaluator.evaluate(wrongInputs, on: ToyData.xor())
            Issue.record("a model taking 784 inputs evaluated 2-feature data")
        } catch {
            #expect(error.message == "the model takes input 784 (784 values) but 'xor' has samples of 2 (2 values)")
        }
    }

    @Test("bad architectures are refused at build time, naming the layer")
    func buildErrors() {
        func message(_ spec: ModelSpec) -> String? {
            do {
                _ = try Sequential(spec, seed: 0)
                return nil
            } catch { return error.message }
        }
        #expect(
            message(ModelSpec(inputShape: [4], layers: [.dense(8, .relu), .dense(0)]))
                == "layer 2: a dense layer's units must be at least 1, got 0")
        #expect(
            message(ModelSpec(inputShape: [4], layers: [.dropout(rate: 1.5)]))
                == "layer 1: dropout rate must be in [0, 1), got 1.5")
        #expect(message(ModelSpec(inputShape: [0], layers: [.dense(2)])) == "the input shape 0 needs positive sizes")
        #expect(message(Self.xorSpec) == nil)
    }
}

@Suite("Regression metrics")
struct RegressionMetricTests {
    /// y = 2x on four points, and a one-weight linear model whose weight and bias are set by hand.
    static func evaluate(weight: Float, bias: Float) throws -> Evaluation {
        let data = Dataset(
            name: "line", samples: Samples(shape: [1], floats: [0, 1, 2, 3]),
            labels: .values(Tensor(shape: [4, 1], scalars: [0, 2, 4, 6])))
        let model = try Sequential(ModelSpec(inputShape: [1], layers: [.dense(1, .linear)]), seed: 1)
        let parameters = model.parameters
        parameters[0].value = Tensor(shape: parameters[0].value.shape, scalars: [weight])
        parameters[1].value = Tensor(shape: parameters[1].value.shape, scalars: [bias])
        return try Evaluator.evaluate(model, on: data)
    }

    @Test("a perfect fit has no error and an R² of 1; classification has neither metric")
    func perfect() throws {
        let evaluation = try Self.evaluate(weight: 2, bias: 0)
        #expect(evaluation.meanAbsoluteError == 0)
        #expect(evaluation.rSquared == 1)
        #expect(evaluation.accuracy == nil)
        let classifier = try Sequential(TrainingTests.xorSpec, seed: 1)
        let classified = try Evaluator.evaluate(classifier, on: ToyData.xor())
        #expect(classified.meanAbsoluteError == nil && classified.rSquared == nil)
    }

    @Test("an offset of 1 gives a mean absolute error of 1, and R² = 1 - 4/20")
    func offset() throws {
        // Squared error 4 x 1; the targets' squared deviation from their mean 3 is 9 + 1 + 1 + 9.
        let evaluation = try Self.evaluate(weight: 2, bias: 1)
        #expect(abs(evaluation.meanAbsoluteError! - 1) < 1e-6)
        #expect(abs(evaluation.rSquared! - 0.8) < 1e-6)
        #expect(abs(evaluation.loss - 1) < 1e-6, "the loss is the mean squared error")
        // Always answering the mean (3) is R² = 0.
        #expect(abs(try Self.evaluate(weight: 0, bias: 3).rSquared!) < 1e-6)
    }
}
