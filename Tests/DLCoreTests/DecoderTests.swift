import DLCore
import Foundation
import Testing

@Suite("Decoder: fed the targets while learning, its own output otherwise")
struct DecoderTests {
    /// The decoder run with fixed targets, as one training step runs it, for the gradient check.
    final class TeacherForced: Layer {
        let decoder: Decoder
        let teacher: Tensor
        init(_ decoder: Decoder, teacher: Tensor) { (self.decoder, self.teacher) = (decoder, teacher) }
        func outputShape(for inputShape: [Int]) throws(ShapeError) -> [Int] { try decoder.outputShape(for: inputShape) }
        func forward(_ input: Tensor, training: Bool) -> Tensor {
            decoder.forward(input, training: training, activated: true, teacher: teacher)
        }
        func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor? {
            decoder.backward(outputGradient, needsInputGradient: needsInputGradient)
        }
        var parameters: [Parameter] { decoder.parameters }
        var description: String { "teacher-forced \(decoder)" }
    }

    static func decoder(_ activation: Activation, seed: UInt64 = 21) -> Decoder {
        var generator = RandomGenerator(seed: seed)
        let decoder = Decoder(context: 3, hidden: 4, steps: 4, outputs: 2, activation: activation, generator: &generator)
        for parameter in decoder.parameters where parameter.name.contains("bias") {
            parameter.value = GradientCheck.random(parameter.value.shape, seed: seed + 1)
        }
        return decoder
    }

    @Test(
        "teacher forcing backpropagates through time to the weights and the starting vector",
        arguments: [
            Activation.linear, .sigmoid, .softmax,
        ])
    func gradients(activation: Activation) {
        let teacher = GradientCheck.random([2, 4, 2], seed: 23)
        let layer = TeacherForced(Self.decoder(activation), teacher: teacher)
        #expect(GradientCheck.layerError(layer, input: GradientCheck.random([2, 3], seed: 24)) < 5e-3)
        #expect(
            layer.decoder.parameters.map(\.name) == [
                "input_weight", "recurrent_weight", "bias", "output_weight", "output_bias",
            ])
    }

    @Test(
        "fed its own outputs as targets, a decoder says what it says on its own",
        arguments: [
            Activation.linear, .softmax,
        ])
    func ownOutputs(activation: Activation) {
        let decoder = Self.decoder(activation)
        let input = GradientCheck.random([3, 3], seed: 25)
        // Step by step, each step's input written from the step before.
        let own = decoder.forward(input, training: false)
        var fed = own
        if activation == .softmax {
            // What a softmax decoder feeds back is its choice: the one-hot row of the largest value.
            let chosen = (0..<(own.count / 2)).flatMap { row -> [Float] in
                own.scalars[row * 2] < own.scalars[row * 2 + 1] ? [0, 1] : [1, 0]
            }
            fed = Tensor(shape: own.shape, scalars: chosen)
        }
        // The whole sequence at once, with those outputs as the targets.
        let forced = decoder.forward(input, training: false, activated: true, teacher: fed)
        #expect(own.shape == [3, 4, 2])
        for (a, b) in zip(own.scalars, forced.scalars) { #expect(abs(a - b) < 1e-5) }

        // Other targets change every step after the first, and only those.
        let other = decoder.forward(input, training: false, activated: true, teacher: GradientCheck.random([3, 4, 2], seed: 26))
        for sample in 0..<3 {
            let at = sample * 8
            #expect(Array(other.scalars[at..<(at + 2)]) == Array(forced.scalars[at..<(at + 2)]))
            #expect(Array(other.scalars[(at + 2)..<(at + 8)]) != Array(forced.scalars[(at + 2)..<(at + 8)]))
        }
    }

    @Test("a decoder starts from a vector and ends the model")
    func placement() throws {
        let decoder = LayerSpec.decoder(units: 8, steps: 3, outputs: 10, activation: .softmax)
        let model = try Sequential(
            ModelSpec(inputShape: [5, 10], layers: [.lstm(units: 6, returnSequences: false), decoder]), seed: 1)
        #expect(model.outputShape == [3, 10] && model.layers[1].parameterCount == 4 * 8 * (8 + 6 + 10) + 4 * 8 + 8 * 10 + 10)
        #expect("\(model.layers[1])" == "Decoder(6 => 8 => 3x10, softmax)")

        #expect(
            throws: ModelError(
                "layer 2: a decoder must be the model's last layer: it feeds its outputs back, so they must be the model's; give the decoder the outputs and activation of the layers after it instead",
                layer: 1)
        ) {
            try Sequential(ModelSpec(inputShape: [4], layers: [.dense(6), decoder, .flatten]), seed: 1)
        }
        #expect(
            throws: ModelError(
                "layer 2: a decoder starts from a vector (an encoder's summary, such as lstm 32 gives), but its input is 5x6: leave 'sequences' off the recurrent layer before it, so it gives its last state",
                layer: 1)
        ) {
            try Sequential(ModelSpec(inputShape: [5, 10], layers: [.lstm(units: 6, returnSequences: true), decoder]), seed: 1)
        }
    }

    @Test("training feeds the decoder the targets; evaluating feeds it its own outputs")
    func trainingAndEvaluation() throws {
        let data = ToyData.digits(count: 64, length: 3, seed: 7)
        let spec = ModelSpec(
            inputShape: [3, 10],
            layers: [.lstm(units: 8, returnSequences: false), .decoder(units: 8, steps: 3, outputs: 10, activation: .softmax)])
        let model = try Sequential(spec, seed: 2)
        // The gradient backpropagation shows is teacher forcing's: the targets, not the outputs, fed back.
        let loss = try Trainer.backpropagate(model, on: data)
        let decoder = try #require(model.layers[1] as? Decoder)
        let gradient = decoder.parameters[0].gradient
        let x = data.samples.batch(0..<64).reshaped([64, 3, 10])
        guard case let .stepClasses(classes, _, _) = data.labels else { return }
        let targets = Tensor(shape: [64, 3, 10], scalars: classes.flatMap { label in (0..<10).map { $0 == label ? 1 : 0 } })
        let encoded = model.layers[0].forward(x, training: false)
        let output = decoder.forward(encoded, training: false, activated: true, teacher: targets)
        var crossEntropy = 0.0
        for (row, label) in classes.enumerated() { crossEntropy -= log(Double(output.scalars[row * 10 + label])) }
        #expect(abs(Double(loss) - crossEntropy / 192) < 1e-4)
        #expect(gradient.scalars.contains { $0 != 0 })

        let evaluation = try Evaluator.evaluate(model, on: data)
        let own = model.predict(data.samples.batch(0..<64)).scalars
        var right = 0
        for (row, label) in classes.enumerated() {
            let step = own[(row * 10)..<((row + 1) * 10)]
            right += step.indices.max { step[$0] < step[$1] }! - row * 10 == label ? 1 : 0
        }
        #expect(evaluation.accuracy == Float(right) / 192)
    }

    @Test("a decoder's model saves and loads with the same outputs")
    func saveAndLoad() throws {
        let folder = TemporaryFolder()
        let spec = ModelSpec(
            inputShape: [2], layers: [.dense(4, .tanh), .decoder(units: 5, steps: 6, outputs: 1, activation: .linear)])
        let model = try Sequential(spec, seed: 4)
        let path = folder.path + "/decoder.safetensors"
        try SafeTensors.save(model, to: path)
        let loaded = try SafeTensors.load(from: path)
        let input = GradientCheck.random([3, 2], seed: 5)
        #expect(loaded.spec == spec && loaded.predict(input) == model.predict(input))
    }
}
