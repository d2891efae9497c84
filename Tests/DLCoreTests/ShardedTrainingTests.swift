import Foundation
import Testing

@testable import DLCore

@Suite("Batches split into shards, as data-parallel processes split them")
struct ShardedTrainingTests {
    static let spec = ModelSpec(
        inputShape: [2], layers: [.dense(16, .tanh), .dropout(rate: 0.3), .dense(8, .relu), .dense(3, .softmax)])

    func train(shards: Int, cancelAfter batches: Int? = nil) throws -> (Sequential, TrainingOutcome) {
        let model = try Sequential(Self.spec, seed: 5)
        var options = TrainingOptions(
            epochs: 3, batchSize: 37, optimizer: .sgd(learningRate: 0.1, momentum: 0.9, nesterov: false), seed: 6)
        options.shards = shards
        let cancellation = CancellationToken()
        var finished = 0
        let outcome = try Trainer(options: options).fit(
            model, on: ToyData.blobs(count: 300, seed: 7), cancellation: cancellation
        ) { event in
            guard case .batchFinished = event else { return }
            finished += 1
            if finished == batches { cancellation.cancel() }
        }
        return (model, outcome)
    }

    @Test("a batch's parts are runs of consecutive samples whose sizes differ by at most one")
    func parts() {
        for (count, parts) in [(37, 2), (37, 3), (2, 4), (64, 8), (1, 1)] {
            let ranges = (0..<parts).map { ShardedStep.part($0, of: count, parts: parts) }
            #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count)
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect((ranges.map(\.count).max() ?? 0) - (ranges.map(\.count).min() ?? 0) <= 1)
        }
    }

    @Test(
        "shards give the whole batch's gradient, dropout masks and all: the same training up to rounding",
        arguments: [2, 3, 5])
    func sameTraining(shards: Int) throws {
        let (whole, plain) = try train(shards: 1)
        let (split, sharded) = try train(shards: shards)
        #expect(sharded.reason == .completed && sharded.history.count == 3)
        for (a, b) in zip(plain.history, sharded.history) {
            #expect(abs(a.loss - b.loss) < 1e-5 * max(1, abs(a.loss)), "epoch \(a.epoch)")
            #expect(a.accuracy == b.accuracy)
        }
        for (a, b) in zip(whole.snapshot(), split.snapshot()) {
            for (x, y) in zip(a.scalars, b.scalars) { #expect(abs(x - y) < 1e-4) }
        }
        // Different masks would part the two at once; so would a shard scaled by the wrong share.
        #expect(whole.snapshot() != (try Sequential(Self.spec, seed: 5)).snapshot())
    }

    @Test("split into shards, a stop takes effect after the step every process is in")
    func stopAfterTheStep() throws {
        // Asked to stop after batch 4, in one piece training stops before batch 5 ...
        let (_, plain) = try train(shards: 1, cancelAfter: 4)
        #expect(plain.reason == .cancelled(epoch: 1, batch: 4))
        // ... in shards the request travels with batch 5's sum, so every process finishes it.
        let (_, outcome) = try train(shards: 2, cancelAfter: 4)
        #expect(outcome.reason == .cancelled(epoch: 1, batch: 5))
    }

    @Test("batch normalisation is refused in shards, since each would normalise its own rows")
    func batchNormRefused() throws {
        let model = try Sequential(ModelSpec(inputShape: [2], layers: [.dense(4), .batchNorm, .dense(3, .softmax)]), seed: 1)
        var options = TrainingOptions(epochs: 1)
        options.shards = 2
        #expect(throws: ModelError.self) { try Trainer(options: options).fit(model, on: ToyData.blobs(count: 20)) }
    }
}
