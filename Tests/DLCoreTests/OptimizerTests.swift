import DLCore
import Testing

@Suite("Optimizer steps")
struct OptimizerTests {
    /// Two steps from p = [1, −2], gradients [0.5, −1] then [−0.25, 2]. The expected values are
    /// worked out by hand from each optimizer's update rule (see the doc comments of the types).
    static let cases: [(String, OptimizerSpec, [Float])] = [
        ("sgd", .sgd(learningRate: 0.1, momentum: 0, nesterov: false), [0.975, -2.1]),
        ("momentum", .sgd(learningRate: 0.1, momentum: 0.9, nesterov: false), [0.93, -2.01]),
        ("nesterov", .sgd(learningRate: 0.1, momentum: 0.9, nesterov: true), [0.912, -2.109]),
        ("adagrad", .adagrad(learningRate: 0.1, epsilon: 1e-10), [0.9447214, -1.9894427]),
        ("rmsprop", .rmsprop(learningRate: 0.01, rho: 0.9, epsilon: 1e-7), [0.9831214, -1.9969487]),
        ("adam", .adam(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8), [0.8733663, -1.9366104]),
        (
            "adamw", .adamw(learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01),
            [0.8714673, -1.9327124]
        ),
        ("gd", .gd(learningRate: 0.1), [0.975, -2.1]),
    ]

    @Test("two steps match hand-computed values", arguments: cases.indices)
    func twoSteps(index: Int) {
        let (name, spec, expected) = Self.cases[index]
        let parameter = Parameter(name: "p", value: Tensor(shape: [2], scalars: [1, -2]))
        let optimizer = spec.make()
        for gradient in [[Float(0.5), -1], [-0.25, 2]] {
            parameter.gradient = Tensor(shape: [2], scalars: gradient)
            optimizer.step([parameter])
        }
        for (actual, wanted) in zip(parameter.value.scalars, expected) {
            #expect(abs(actual - wanted) < 1e-5, "\(name): got \(parameter.value.scalars), want \(expected)")
        }
    }

    @Test("parallel updates of a large parameter match the same update done in small pieces")
    func largeParameterMatchesSmall() {
        let count = 100_003  // large enough to be split over the pool, odd so lanes have a tail
        var generator = RandomGenerator(seed: 3)
        let values = (0..<count).map { _ in generator.nextNormal() }
        let gradients = (0..<count).map { _ in generator.nextNormal() }
        let large = Parameter(name: "large", value: Tensor(shape: [count], scalars: values))
        large.gradient = Tensor(shape: [count], scalars: gradients)
        OptimizerSpec.named("adam")!.make().step([large])
        for i in stride(from: 0, to: count, by: 9_973) {
            let small = Parameter(name: "small", value: Tensor(shape: [1], scalars: [values[i]]))
            small.gradient = Tensor(shape: [1], scalars: [gradients[i]])
            OptimizerSpec.named("adam")!.make().step([small])
            #expect(abs(small.value.scalars[0] - large.value.scalars[i]) < 1e-6)
        }
    }

    @Test("names give the documented defaults")
    func defaults() {
        #expect(OptimizerSpec.named("adam") == .adam(learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8))
        #expect(OptimizerSpec.named("sgd", learningRate: 0.5) == .sgd(learningRate: 0.5, momentum: 0, nesterov: false))
        #expect(OptimizerSpec.named("nosuch") == nil)
        #expect(OptimizerSpec.names.allSatisfy { OptimizerSpec.named($0) != nil })
        #expect(OptimizerSpec.named("gd")!.isFullBatch)
    }
}
