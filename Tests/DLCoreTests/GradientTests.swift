import Testing

@testable import DLCore

@Suite("Finite-difference gradients")
struct GradientTests {
    @Test("Dense, with each activation", arguments: Activation.allCases)
    func dense(activation: Activation) {
        var generator = RandomGenerator(seed: 7)
        let layer = Dense(inputSize: 5, outputSize: 4, activation: activation, generator: &generator)
        // Move the bias off zero so relu-like kinks are not hit by the finite-difference step.
        layer.bias.value = GradientCheck.random([4], seed: 3)
        let input = GradientCheck.random([3, 5], seed: 11)
        let error = GradientCheck.layerError(layer, input: input, step: 1e-2)
        #expect(error < 5e-3, "Dense \(activation): relative error \(error)")
    }

    @Test("Activation layers", arguments: Activation.allCases)
    func activation(activation: Activation) {
        let layer = ActivationLayer(activation)
        let input = GradientCheck.random([4, 6], seed: 5, awayFromZero: 0.05)
        let error = GradientCheck.layerError(layer, input: input, step: 1e-2)
        #expect(error < 5e-3, "\(activation): relative error \(error)")
    }

    @Test("Dropout in training mode multiplies the gradient by its mask")
    func dropout() {
        var generator = RandomGenerator(seed: 1)
        let layer = Dropout(rate: 0.5, sampleWidth: 16, generator: &generator)
        let input = GradientCheck.random([8, 16], seed: 2)
        let output = layer.forward(input, training: true)
        let ones = Tensor(shape: input.shape, repeating: 1)
        let gradient = layer.backward(ones)
        // d(Σ y)/dx_i is the mask value, which is y_i / x_i.
        for i in 0..<input.count {
            #expect(abs(gradient.scalars[i] - output.scalars[i] / input.scalars[i]) < 1e-4)
        }
        let dropped = output.scalars.filter { $0 == 0 }.count
        #expect(dropped > 32 && dropped < 96, "about half of 128 should be dropped, got \(dropped)")
        // At inference dropout is the identity.
        #expect(layer.forward(input, training: false) == input)
    }

    @Test("Mean squared error")
    func meanSquaredError() {
        let prediction = GradientCheck.random([4, 3], seed: 1)
        let target = GradientCheck.random([4, 3], seed: 2)
        #expect(GradientCheck.lossError(MeanSquaredError(), input: prediction, target: target, logits: false) < 2e-3)
    }

    @Test("Cross-entropy from logits (fused softmax) and from probabilities")
    func crossEntropy() {
        let logits = GradientCheck.random([4, 5], seed: 3)
        var target = Tensor(shape: [4, 5])
        for row in 0..<4 { target[row, (row * 2) % 5] = 1 }
        #expect(GradientCheck.lossError(CrossEntropy(), input: logits, target: target, logits: true) < 2e-3)
        var probabilities = logits
        probabilities.scalars.withUnsafeMutableBufferPointer { Activation.softmax.apply($0.baseAddress!, rows: 4, columns: 5) }
        #expect(GradientCheck.lossError(CrossEntropy(), input: probabilities, target: target, logits: false, step: 1e-4) < 2e-3)
    }

    @Test("Binary cross-entropy from logits (fused sigmoid) and from probabilities")
    func binaryCrossEntropy() {
        let logits = GradientCheck.random([6, 1], seed: 4)
        let target = Tensor(shape: [6, 1], scalars: [1, 0, 1, 1, 0, 0])
        #expect(GradientCheck.lossError(BinaryCrossEntropy(), input: logits, target: target, logits: true) < 2e-3)
        let probabilities = Tensor(shape: [6, 1], scalars: [0.2, 0.3, 0.6, 0.9, 0.45, 0.7])
        #expect(
            GradientCheck.lossError(BinaryCrossEntropy(), input: probabilities, target: target, logits: false, step: 1e-4) < 2e-3)
    }

    @Test("Fused losses agree with the activation and loss computed apart")
    func fusedMatchesComposed() {
        let logits = GradientCheck.random([3, 4], seed: 8)
        var target = Tensor(shape: [3, 4])
        for row in 0..<3 { target[row, row] = 1 }
        var probabilities = logits
        probabilities.scalars.withUnsafeMutableBufferPointer { Activation.softmax.apply($0.baseAddress!, rows: 3, columns: 4) }
        var g1 = Tensor(shape: [3, 4])
        var g2 = Tensor(shape: [3, 4])
        let fused = CrossEntropy().value(logits: logits, target: target, gradient: &g1)
        let composed = CrossEntropy().value(prediction: probabilities, target: target, gradient: &g2)
        #expect(abs(fused - composed) < 1e-5)
        // Softmax backward applied to the probability gradient gives the fused gradient.
        probabilities.scalars.withUnsafeBufferPointer { y in
            g2.scalars.withUnsafeMutableBufferPointer {
                Activation.softmax.backward(output: y.baseAddress!, gradient: $0.baseAddress!, rows: 3, columns: 4)
            }
        }
        for i in 0..<12 { #expect(abs(g1.scalars[i] - g2.scalars[i]) < 1e-5) }
    }

    @Test("Fused cross-entropy stays finite for huge logits")
    func crossEntropyIsStable() {
        let logits = Tensor(shape: [2, 3], scalars: [1000, -1000, 0, -500, 800, 790])
        let target = Tensor(shape: [2, 3], scalars: [0, 1, 0, 0, 0, 1])
        var gradient = Tensor(shape: [2, 3])
        let value = CrossEntropy().value(logits: logits, target: target, gradient: &gradient)
        #expect(value.isFinite && gradient.isFinite)
        #expect(abs(value - (2000 + 10) / 2) < 1e-2)  // row 1: 1000 − (−1000); row 2: 800 − 790, both ± tiny terms
    }

    @Test("A whole model's backward pass matches finite differences of its loss")
    func sequential() throws {
        let spec = ModelSpec(inputShape: [3], layers: [.dense(4, .tanh), .dense(3, .sigmoid), .dense(2, .softmax)])
        let model = try Sequential(spec, seed: 5)
        let input = GradientCheck.random([5, 3], seed: 6)
        var target = Tensor(shape: [5, 2])
        for row in 0..<5 { target[row, row % 2] = 1 }
        func loss() -> Double {
            var scratch = Tensor(shape: [5, 2])
            return Double(
                CrossEntropy().value(
                    logits: model.forward(input, training: false, logits: true), target: target, gradient: &scratch))
        }
        var gradient = Tensor(shape: [5, 2])
        _ = CrossEntropy().value(logits: model.forward(input, training: true, logits: true), target: target, gradient: &gradient)
        model.backward(gradient)
        for parameter in model.parameters {
            for i in 0..<parameter.value.count {
                let numeric = GradientCheck.derivative(of: parameter, at: i, step: 1e-2, loss)
                #expect(GradientCheck.relativeError(numeric, parameter.gradient.scalars[i]) < 2e-3)
            }
        }
    }
}
