import DLCore
import Testing

@Suite("Learning Fashion-MNIST")
struct FashionMNISTTests {
    @Test("the MLP reaches at least 0.85 test accuracy after 2 epochs on the real files")
    func mlp() throws {
        let (train, test) = try SequenceAndImageTests.fashion()
        #expect(Sanitizer.active || test.count == 10_000, "the whole test set of the real files")
        let spec = ModelSpec(inputShape: [784], layers: [.dense(256, .relu), .dense(128, .relu), .dense(10, .softmax)])
        let model = try Sequential(spec, seed: 42)
        let options = TrainingOptions(epochs: 2, batchSize: 64, optimizer: .named("adam")!, seed: 42)
        let outcome = try Trainer(options: options).fit(model, on: train)
        #expect(outcome.reason == .completed)
        #expect(outcome.history[1].loss < outcome.history[0].loss)
        let evaluation = try Evaluator.evaluate(model, on: test)
        #expect(evaluation.accuracy! >= (Sanitizer.active ? 0 : 0.85), "test accuracy \(evaluation.accuracy!)")
        #expect(evaluation.confusion!.joined().reduce(0, +) == test.count)
        // The confusion matrix's diagonal is the accuracy.
        let diagonal = (0..<10).reduce(0) { $0 + evaluation.confusion![$1][$1] }
        #expect(Float(diagonal) / Float(test.count) == evaluation.accuracy!)
    }
}
