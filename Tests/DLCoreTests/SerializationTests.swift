import DLCore
import Foundation
import Testing

@Suite("Saving and loading models")
struct SerializationTests {
    static let spec = ModelSpec(inputShape: [4], layers: [.dense(5, .relu), .dropout(rate: 0.25), .dense(3, .softmax)])

    @Test("a saved model loads with the same architecture and outputs")
    func roundTrip() throws {
        let folder = TemporaryFolder()
        let model = try Sequential(Self.spec, seed: 3)
        let path = folder.path + "/model.safetensors"
        try SafeTensors.save(model, to: path)
        let loaded = try SafeTensors.load(from: path)
        #expect(loaded.spec == model.spec)
        #expect(loaded.snapshot() == model.snapshot())
        let input = Tensor(shape: [2, 4], scalars: [1, 2, 3, 4, -1, 0, 0.5, 2])
        #expect(loaded.predict(input) == model.predict(input))
        // No temporary files are left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.safetensors"])
    }

    @Test("a model saved after training keeps its history and optimizer: training on after loading is bit for bit training on")
    func trainingGoesOn() throws {
        let spec = ModelSpec(inputShape: [2], layers: [.dense(6, .tanh), .dense(2, .softmax)])
        let data = ToyData.moons(count: 64, seed: 2)
        for optimizer in ["adam", "sgd", "rmsprop", "adagrad"] {
            var options = TrainingOptions(epochs: 2, batchSize: 16, seed: 4)
            options.optimizer = OptimizerSpec.named(optimizer, learningRate: 0.05)!
            if optimizer == "sgd" { options.optimizer = .sgd(learningRate: 0.05, momentum: 0.9, nesterov: false) }
            let trainer = Trainer(options: options)
            // Four epochs in one session: one optimizer throughout.
            let straight = try Sequential(spec, seed: 1)
            let kept = options.optimizer.make()
            let first = try trainer.fit(straight, on: data, optimizer: kept)
            _ = try trainer.fit(straight, on: data, optimizer: kept)
            // Two epochs, saved, loaded, two more.
            let before = try Sequential(spec, seed: 1)
            let optimizer = options.optimizer.make()
            _ = try trainer.fit(before, on: data, optimizer: optimizer)
            let state = TrainingState(
                history: first.history, batchLosses: [0.5, 0.25], optimizer: options.optimizer,
                optimizerSteps: optimizer.state.steps, optimizerValues: optimizer.state.values)
            let folder = TemporaryFolder()
            try SafeTensors.save(before, to: folder.path + "/m.safetensors", training: state, notes: ["dl.script.x": "y"])
            let saved = try SafeTensors.loadSaved(from: folder.path + "/m.safetensors")
            #expect(saved.training == state && saved.notes == ["dl.script.x": "y"], "\(optimizer)")
            #expect(optimizer.state.steps == 8 && optimizer.state.values.count == 4 * options.optimizer.buffersPerParameter)
            _ = try trainer.fit(saved.network, on: data, optimizer: try #require(saved.training?.makeOptimizer()))
            #expect(saved.network.snapshot() == straight.snapshot(), "\(optimizer): the same weights, bit for bit")
            // A fresh optimizer does not go on where the first stopped.
            let fresh = try SafeTensors.load(from: folder.path + "/m.safetensors")
            _ = try trainer.fit(fresh, on: data)
            #expect(fresh.snapshot() != straight.snapshot(), "\(optimizer)")
        }
    }

    @Test("an optimizer state that does not fit the model is refused, naming what it holds")
    func badOptimizerState() throws {
        let model = try Sequential(ModelSpec(inputShape: [2], layers: [.dense(2)]), seed: 1)
        let wrong = TrainingState(
            history: [], batchLosses: [], optimizer: .named("adam"), optimizerSteps: 3, optimizerValues: [[0, 0, 0, 0]])
        let data = try SafeTensors.encode(model, training: wrong)
        #expect(throws: DataError.self) { try SafeTensors.decodeSaved(data, file: "m") }
        do {
            _ = try SafeTensors.decodeSaved(data, file: "m")
        } catch {
            #expect(error.message.contains("the optimizer has 1 buffers and 3 steps; adam keeps 4 for this model"), "\(error)")
        }
    }

    @Test("the file is standard safetensors: numpy reads the tensors")
    func readableByOtherTools() throws {
        let folder = TemporaryFolder()
        let model = try Sequential(Self.spec, seed: 3)
        let path = folder.path + "/model.safetensors"
        try SafeTensors.save(model, to: path)
        // Read it with nothing but the format's definition, in Python with numpy (from the setup's virtualenv).
        let process = Process()
        process.executableURL = Project.root.appendingPathComponent(".venv/bin/python")
        process.arguments = [Project.root.appendingPathComponent("Tests/DLCoreTests/Python/read_safetensors.py").path, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try #require(
            FileManager.default.isExecutableFile(atPath: process.executableURL!.path),
            "the project's virtualenv is missing: run scripts/setup (make test does)")
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        func sum(_ t: Tensor) -> String { String(format: "%.6f", t.scalars.reduce(Double(0)) { $0 + Double($1) }) }
        let dense1 = model.layers[0] as! Dense
        let dense2 = model.layers[2] as! Dense
        let expected = """
            layers.0.bias [5] \(sum(dense1.bias.value))
            layers.0.weight [4, 5] \(sum(dense1.weight.value))
            layers.2.bias [3] \(sum(dense2.bias.value))
            layers.2.weight [5, 3] \(sum(dense2.weight.value))
            dl [4]

            """
        #expect(output == expected)
    }

    @Test("a save replaces the old file atomically and never leaves a partial one")
    func atomicReplace() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/model.safetensors"
        try SafeTensors.save(try Sequential(Self.spec, seed: 1), to: path)
        let second = try Sequential(Self.spec, seed: 2)
        try SafeTensors.save(second, to: path)
        #expect(try SafeTensors.load(from: path).snapshot() == second.snapshot())
        #expect(throws: (any Error).self) { try SafeTensors.save(second, to: folder.path + "/no/such/folder/m.safetensors") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.safetensors"])
    }

    @Test("corrupt and truncated files give clear errors")
    func corruptFiles() throws {
        let model = try Sequential(Self.spec, seed: 3)
        let good = try SafeTensors.encode(model)
        func error(_ data: Data) -> String {
            do {
                _ = try SafeTensors.decode(data, file: "m.safetensors")
                return "no error"
            } catch { return error.description }
        }
        #expect(error(good) == "no error")
        #expect(
            error(good.prefix(5))
                == "m.safetensors: not a valid DL safetensors file: it has 5 bytes, fewer than the 8-byte header length")
        #expect(error(good.prefix(good.count - 4)).hasSuffix("the file is truncated)"))
        #expect(error(good.prefix(40)).contains("the header claims"))
        var garbage = good
        garbage.replaceSubrange(8..<12, with: [0x7B, 0x7B, 0x7B, 0x7B])
        #expect(error(garbage) == "m.safetensors: not a valid DL safetensors file: the header is not a JSON object")
        var foreign = Data()
        let header = Data(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#.utf8)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { foreign.append(contentsOf: $0) }
        foreign.append(header)
        foreign.append(contentsOf: [0, 0, 0, 0])
        #expect(error(foreign).contains("no 'dl.model' entry in __metadata__"))
        #expect(throws: DataError.self) { try SafeTensors.load(from: "/nonexistent/model.safetensors") }
    }
}
