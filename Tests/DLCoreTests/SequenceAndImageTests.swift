import DLCore
import Testing

@Suite("Learning with convolutional, recurrent and unsupervised models")
struct SequenceAndImageTests {
    /// Fashion-MNIST, or a slice of it under a sanitizer.
    static func fashion() throws -> (train: Dataset, test: Dataset) {
        let (train, test) = try FashionMNIST.load()
        return Sanitizer.active ? (train.prefix(256), test.prefix(128)) : (train, test)
    }

    static let epochs = Sanitizer.active ? 1 : 2

    @Test("the CNN reaches at least 0.89 test accuracy on Fashion-MNIST in 2 epochs")
    func cnn() throws {
        let (train, test) = try Self.fashion()
        let spec = ModelSpec(
            inputShape: [28, 28, 1],
            layers: [
                .conv2d(32, kernel: 5, .relu), .maxPool(size: 2, stride: nil), .conv2d(64, kernel: 5, .relu),
                .maxPool(size: 2, stride: nil), .flatten, .dense(256, .relu), .dense(10, .softmax),
            ])
        let model = try Sequential(spec, seed: 42)
        #expect(model.parameterCount == 857_738)
        _ = try Trainer(options: TrainingOptions(epochs: Self.epochs, batchSize: 64, seed: 42)).fit(model, on: train)
        let accuracy = try Evaluator.evaluate(model, on: test).accuracy!
        #expect(accuracy >= (Sanitizer.active ? 0 : 0.89), "test accuracy \(accuracy)")
    }

    @Test("an LSTM over image rows reaches at least 0.80 test accuracy in 2 epochs")
    func lstm() throws {
        let (train, test) = try Self.fashion()
        let model = try Sequential(
            ModelSpec(inputShape: [28, 28], layers: [.lstm(units: 128, returnSequences: false), .dense(10, .softmax)]), seed: 42)
        _ = try Trainer(options: TrainingOptions(epochs: Self.epochs, batchSize: 64, seed: 42)).fit(
            model, on: try train.asSequences())
        let accuracy = try Evaluator.evaluate(model, on: try test.asSequences()).accuracy!
        #expect(accuracy >= (Sanitizer.active ? 0 : 0.80), "test accuracy \(accuracy)")
    }

    @Test("an autoencoder's reconstruction loss falls by at least half, without labels")
    func autoencoder() throws {
        let images = try FashionMNIST.load().train.prefix(Sanitizer.active ? 1_000 : 12_000).unlabeled
        let model = try Sequential(
            ModelSpec(inputShape: [28, 28, 1], layers: [.dense(64, .relu), .dense(784, .sigmoid), .reshape([28, 28, 1])]), seed: 1
        )
        let before = try Evaluator.evaluate(model, on: images).loss
        _ = try Trainer(options: TrainingOptions(epochs: 3, batchSize: 64, seed: 1)).fit(model, on: images)
        let after = try Evaluator.evaluate(model, on: images).loss
        #expect(after <= before / 2, "mse \(before) -> \(after)")
    }

    @Test("recurrent layers learn to predict the next value of a sine wave", arguments: ["simple", "lstm", "gru"])
    func sine(kind: String) throws {
        let data = ToyData.sine(count: 2_000, steps: 15, seed: 3)
        let recurrent: LayerSpec =
            switch kind {
            case "simple": .simpleRNN(units: 16, returnSequences: false)
            case "lstm": .lstm(units: 16, returnSequences: false)
            default: .gru(units: 16, returnSequences: false)
            }
        let model = try Sequential(ModelSpec(inputShape: [15, 1], layers: [recurrent, .dense(1)]), seed: 3)
        let before = try Evaluator.evaluate(model, on: data).loss
        let options = TrainingOptions(epochs: 15, batchSize: 32, optimizer: .named("adam", learningRate: 0.01)!, clipNorm: 1)
        _ = try Trainer(options: options).fit(model, on: data)
        let after = try Evaluator.evaluate(model, on: data).loss
        #expect(after < 0.02 && after < before / 10, "\(kind): mse \(before) -> \(after)")
    }

    @Test("an encoder-decoder (many-to-many) model trains on whole sequences")
    func encoderDecoder() throws {
        let data = ToyData.sine(count: 1_000, steps: 10, sequenceTargets: true, seed: 5)
        let spec = ModelSpec(
            inputShape: [10, 1],
            layers: [
                .gru(units: 16, returnSequences: false), .repeatVector(times: 10),
                .lstm(units: 16, returnSequences: true), .timeDistributed(units: 1, activation: .linear),
            ])
        let model = try Sequential(spec, seed: 5)
        #expect(model.outputShape == [10, 1])
        let before = try Evaluator.evaluate(model, on: data).loss
        _ = try Trainer(options: TrainingOptions(epochs: 10, batchSize: 32, optimizer: .named("adam", learningRate: 0.01)!)).fit(
            model, on: data)
        let after = try Evaluator.evaluate(model, on: data).loss
        #expect(after < before / 4, "mse \(before) -> \(after)")
    }

    @Test("clipping bounds the global gradient norm of each update")
    func clipping() throws {
        // With plain SGD, lr 1 and clipping at 0.01, no step moves the weights further than 0.01.
        let model = try Sequential(ModelSpec(inputShape: [2], layers: [.dense(4, .tanh), .dense(2, .softmax)]), seed: 1)
        let before = model.snapshot()
        let options = TrainingOptions(epochs: 1, batchSize: nil, optimizer: .named("sgd", learningRate: 1)!, clipNorm: 0.01)
        _ = try Trainer(options: options).fit(model, on: ToyData.xor())
        let moved = zip(before, model.snapshot()).reduce(Float(0)) { sum, pair in
            sum + zip(pair.0.scalars, pair.1.scalars).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        #expect(moved.squareRoot() <= 0.01 + 1e-6)
        #expect(moved > 0)
    }

    @Test("shape errors name the layer and both shapes")
    func shapeErrors() {
        func message(_ spec: ModelSpec) -> String {
            do {
                _ = try Sequential(spec, seed: 0)
                return "built"
            } catch { return error.message }
        }
        #expect(
            message(ModelSpec(inputShape: [784], layers: [.conv2d(8, kernel: 3)]))
                == "layer 1: Conv2D(8, 3x3, same) cannot take input of shape 784: it expects an image height x width x channels at least as large as the 3x3 kernel"
        )
        #expect(
            message(ModelSpec(inputShape: [28, 28], layers: [.conv2d(8, kernel: 3)]))
                == "layer 1: Conv2D(8, 3x3, same) cannot take input of shape 28x28: it expects an image height x width x channels at least as large as the 3x3 kernel (as a grey image, reshape it to 28x28x1 first)"
        )
        #expect(
            message(ModelSpec(inputShape: [28, 28], layers: [.maxPool(size: 2, stride: nil)]))
                .hasSuffix("(as a grey image, reshape it to 28x28x1 first)"))
        #expect(
            message(ModelSpec(inputShape: [28, 28, 1], layers: [.lstm(units: 8, returnSequences: false)]))
                == "layer 1: LSTM takes sequences steps x features, but its input is 28x28x1 (view images as sequences of rows, or reshape to steps x features)"
        )
        #expect(
            message(
                ModelSpec(
                    inputShape: [4, 4, 1],
                    layers: [
                        .conv2d(
                            filters: 2, kernel: [5, 5], stride: 1, padding: .valid, activation: .relu, initializer: .automatic)
                    ])
            )
            .hasPrefix("layer 1: Conv2D(2, 5x5, valid, relu) cannot take input of shape 4x4x1"))
        #expect(
            message(ModelSpec(inputShape: [6, 6, 2], layers: [.maxPool(size: 2, stride: nil), .flatten, .reshape([5, 5])]))
                == "layer 3: Reshape(5x5) cannot take input of shape 18: it expects 25 values per sample")
        #expect(
            message(
                ModelSpec(
                    inputShape: [8], layers: [.repeatVector(times: 3), .gru(units: 4, returnSequences: true), .globalAvgPool]))
                == "layer 3: GlobalAvgPool() cannot take input of shape 3x4: it expects an image height x width x channels")
    }

    @Test("image data sets can be viewed as sequences of rows")
    func sequenceView() throws {
        let folder = TemporaryFolder()
        let images = folder.write("i", idxBytes(dimensions: [1, 2, 3], values: [1, 2, 3, 4, 5, 6]))
        let labels = folder.write("l", idxBytes(dimensions: [1], values: [0]))
        let data = try IDX.imageDataset(images: images, labels: labels, name: "tiny")
        let rows = try data.asSequences()
        #expect(rows.samples.shape == [2, 3])
        #expect(rows.samples.tensor.scalars == data.samples.tensor.scalars)
        #expect(throws: DataError.self) { try ToyData.xor().asSequences() }
    }
}
