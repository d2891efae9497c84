import CBLAS
import DLCore
import DLMPI
import Foundation

/// The benchmark commands; each prints one JSON object per measurement on standard output.
enum Bench {
    static let usage = """
        usage: dlbench sgemm --threads N [--side ours|openblas]
               dlbench mlp|cnn|lstm --threads N [--epochs E] [--seed S] [--data DIR] [--batch B] [--width W] [--units U]
               dlbench layers mlp|cnn|lstm --threads N [--batches B]
               dlbench peak --threads N
               mpirun -np P dlbench mlp|cnn|lstm --threads N ...   (data-parallel: P processes)
               mpirun -np P dlbench allreduce --floats N [--repeats R]
        """

    /// The processes mpirun started, when it did; only the first prints.
    static let world = MPICommunicator.launched()

    static func run(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first else {
            FileHandle.standardError.write(Data((usage + "\n").utf8))
            return 2
        }
        let options = Options(Array(arguments.dropFirst()))
        let threads = options.int("--threads") ?? ProcessInfo.processInfo.activeProcessorCount
        ThreadPool.shared.setThreadCount(threads)
        switch command {
        case "sgemm": sgemm(threads: threads, side: options.string("--side") ?? "ours")
        case "peak": peak(threads: threads)
        case "mlp", "cnn", "lstm":
            return train(
                command, spec: model(command, width: options.int("--width") ?? 256, units: options.int("--units") ?? 128),
                threads: threads, epochs: options.int("--epochs") ?? 10, batch: options.int("--batch") ?? 64,
                seed: UInt64(options.int("--seed") ?? 42),
                directory: options.string("--data") ?? FashionMNIST.defaultDirectory)
        case "allreduce":
            guard let world else {
                FileHandle.standardError.write(Data("dlbench allreduce: run it under mpirun\n".utf8))
                return 2
            }
            allreduce(world, floats: options.int("--floats") ?? 1 << 20, repeats: options.int("--repeats") ?? 200)
        case "layers":
            guard arguments.count > 1, models[arguments[1]] != nil else {
                let given = arguments.count > 1 ? "'\(arguments[1])'" : "none"
                FileHandle.standardError.write(Data("dlbench layers: which model? (mlp, cnn or lstm; got \(given))\n".utf8))
                return 2
            }
            layers(arguments[1], batches: options.int("--batches") ?? 200)
        default:
            FileHandle.standardError.write(Data("dlbench: unknown command '\(command)'\n\(usage)\n".utf8))
            return 2
        }
        return 0
    }

    /// The median time of one in-place sum of `floats` floats over every process (a training step's
    /// allreduce is one such sum, of every gradient and three numbers more).
    static func allreduce(_ world: MPICommunicator, floats: Int, repeats: Int) {
        var values = [Float](repeating: 1, count: floats)
        var times: [Double] = []
        for round in 0...repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            values.withUnsafeMutableBufferPointer { world.sum($0) }
            if round > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        }
        let median = times.sorted()[times.count / 2]
        if world.rank == 0 {
            print(
                #"{"bench": "allreduce", "processes": \#(world.size), "floats": \#(floats), "median_seconds": \#(median), "gb_per_second": \#(Double(floats * 4) / median / 1e9)}"#
            )
        }
    }

    /// GFLOP/s of square products: `Tensor.matmul` (`side` "ours") or `cblas_sgemm` called directly
    /// with OpenBLAS's own threads (`side` "openblas"). The two sides run in separate processes:
    /// after a multithreaded call OpenBLAS's threads keep spinning for a while, and in the same
    /// process they would take a core from DLCore's pool and halve its measurement.
    static func sgemm(threads: Int, side: String) {
        for n in [128, 256, 512, 1024, 2048] {
            var generator = RandomGenerator(seed: 1)
            let a = Tensor(shape: [n, n], scalars: (0..<n * n).map { _ in generator.nextUniform() })
            let b = Tensor(shape: [n, n], scalars: (0..<n * n).map { _ in generator.nextUniform() })
            let flops = 2 * Double(n) * Double(n) * Double(n)
            let repeats = Swift.max(3, Int(2e9 / flops))
            let seconds: Double
            if side == "openblas" {
                openblas_set_num_threads(Int32(threads))
                var c = [Float](repeating: 0, count: n * n)
                seconds = bestSeconds(repeats) {
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                        a.scalars, Int32(n), b.scalars, Int32(n), 0, &c, Int32(n))
                }
            } else {
                seconds = bestSeconds(repeats) { _ = a.matmul(b) }
            }
            print(
                #"{"bench": "sgemm", "side": "\#(side)", "threads": \#(threads), "n": \#(n), "gflops": \#(flops / seconds / 1e9)}"#
            )
        }
    }

    /// The benchmark models, as the issues define them.
    static let models: [String: ModelSpec] = [
        "mlp": model("mlp", width: 256, units: 0),
        "cnn": ModelSpec(
            inputShape: [28, 28, 1],
            layers: [
                .conv2d(32, kernel: 5, .relu), .maxPool(size: 2, stride: nil), .conv2d(64, kernel: 5, .relu),
                .maxPool(size: 2, stride: nil), .flatten, .dense(256, .relu), .dense(10, .softmax),
            ]),
        "lstm": model("lstm", width: 0, units: 128),
    ]

    /// A benchmark model at another size, for the scaling table: the MLP with hidden layers of
    /// `width` and `width / 2` units (256 is the benchmark's), the LSTM with `units` (128 is).
    static func model(_ name: String, width: Int, units: Int) -> ModelSpec {
        switch name {
        case "mlp":
            ModelSpec(inputShape: [784], layers: [.dense(width, .relu), .dense(width / 2, .relu), .dense(10, .softmax)])
        case "lstm":
            ModelSpec(inputShape: [28, 28], layers: [.lstm(units: units, returnSequences: false), .dense(10, .softmax)])
        default: models[name]!
        }
    }

    /// The machine's peak of fused multiply-adds in GFLOP/s on `threads` threads: each thread
    /// runs six independent chains of 16-wide FMAs, twelve 8-wide FMA registers in all (enough
    /// to hide the latency of two FMA units), for about half a second; the best of 5 rounds.
    static func peak(threads: Int) {
        typealias Lanes = SIMD16<Float>
        let rounds = 4_000_000
        let flopsPerThread = Double(rounds) * 6 * Double(Lanes.scalarCount) * 2
        let sink = UnsafeMutablePointer<Float>.allocate(capacity: threads)
        defer { sink.deallocate() }
        let seconds = bestSeconds(5) {
            ThreadPool.shared.parallelFor(threads, grain: 1) { range in
                for t in range {
                    let (a, b) = (Lanes(repeating: 0.999_999), Lanes(repeating: 1e-7))
                    var (c0, c1, c2) = (Lanes(repeating: Float(t)), Lanes(repeating: 1), Lanes(repeating: 2))
                    var (c3, c4, c5) = (Lanes(repeating: 3), Lanes(repeating: 4), Lanes(repeating: 5))
                    for _ in 0..<rounds {
                        c0 = c0.addingProduct(a, b)
                        c1 = c1.addingProduct(a, b)
                        c2 = c2.addingProduct(a, b)
                        c3 = c3.addingProduct(a, b)
                        c4 = c4.addingProduct(a, b)
                        c5 = c5.addingProduct(a, b)
                    }
                    sink[t] = ((c0 + c1) + (c2 + c3) + (c4 + c5)).sum()
                }
            }
        }
        print(#"{"bench": "peak", "threads": \#(threads), "gflops": \#(flopsPerThread * Double(threads) / seconds / 1e9)}"#)
    }

    /// Trains a benchmark model (softmax cross-entropy, Adam 1e-3, batch 64 unless given) on Fashion-MNIST.
    static func train(
        _ name: String, spec: ModelSpec, threads: Int, epochs: Int, batch: Int, seed: UInt64, directory: String
    ) -> Int32 {
        var data: (train: Dataset, test: Dataset)
        do {
            data = try FashionMNIST.load(directory: directory)
            if name == "lstm" {
                // Rows as steps, standardized by the training set's moments: gates then start near
                // their middle, and 5 epochs reach 0.877-0.883 instead of 0.863-0.870 on /255 pixels.
                let moments = data.train.samples.moments
                data = (try data.train.asSequences().standardized(moments), try data.test.asSequences().standardized(moments))
            }
        } catch {
            FileHandle.standardError.write(Data("dlbench: \(error)\n".utf8))
            return 1
        }
        let model = try! Sequential(spec, seed: seed)
        var options = TrainingOptions(
            epochs: epochs, batchSize: batch, optimizer: .named("adam", learningRate: 1e-3)!, seed: seed)
        if let world { options.communicator = world }
        let outcome: TrainingOutcome
        do { outcome = try Trainer(options: options).fit(model, on: data.train) } catch {
            FileHandle.standardError.write(Data("dlbench: \(error)\n".utf8))
            return 1
        }
        let evaluation = try! Evaluator.evaluate(model, on: data.test)
        let seconds = outcome.history.map(\.seconds)
        let median = seconds.sorted()[seconds.count / 2]
        if (world?.rank ?? 0) == 0 {
            print(
                #"{"bench": "\#(name)", "peer": "dl", "parameters": \#(model.parameterCount), "processes": \#(world?.size ?? 1), "threads": \#(threads), "batch": \#(batch), "epochs": \#(epochs), "epoch_seconds": \#(seconds), "median_epoch_seconds": \#(median), "test_accuracy": \#(evaluation.accuracy ?? 0), "peak_rss_mb": \#(peakResidentMegabytes())}"#
            )
        }
        return 0
    }

    /// Where a model's training step spends its time: each layer's forward and backward on
    /// `batches` batches of 64 random inputs, in milliseconds per 938 batches (one Fashion-MNIST
    /// epoch, so the numbers read as seconds per epoch).
    static func layers(_ name: String, batches: Int) {
        let model = try! Sequential(models[name]!, seed: 1)
        var generator = RandomGenerator(seed: 1)
        let input = Tensor(
            shape: [64] + model.inputShape, scalars: (0..<64 * model.inputShape.product).map { _ in generator.nextUniform() })
        var forward = [Double](repeating: 0, count: model.layers.count)
        var backward = forward
        for round in 0...batches {
            var outputs = [input]
            for (index, layer) in model.layers.enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds
                outputs.append(layer.forward(outputs[index], training: true))
                if round > 0 { forward[index] += Double(DispatchTime.now().uptimeNanoseconds - start) }
            }
            // The gradient cross-entropy would give for class 0: (softmax - one-hot) / batch.
            let probabilities = outputs.last!
            let classes = probabilities.count / 64
            var gradient = Tensor(
                shape: probabilities.shape,
                scalars: probabilities.scalars.indices.map { i in (probabilities.scalars[i] - (i % classes == 0 ? 1 : 0)) / 64 })
            for (index, layer) in model.layers.enumerated().reversed() {
                let start = DispatchTime.now().uptimeNanoseconds
                let next = layer.backward(gradient, needsInputGradient: index > 0)
                if round > 0 { backward[index] += Double(DispatchTime.now().uptimeNanoseconds - start) }
                guard let next else { break }
                gradient = next
            }
        }
        let scale = 938 / Double(batches) / 1e9
        for (index, layer) in model.layers.enumerated() {
            print(
                #"{"bench": "layers", "model": "\#(name)", "layer": "\#(layer)", "forward_s_per_epoch": \#(forward[index] * scale), "backward_s_per_epoch": \#(backward[index] * scale)}"#
            )
        }
    }

    static func bestSeconds(_ repeats: Int, _ body: () -> Void) -> Double {
        body()
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = Swift.min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    /// The process's peak resident set size so far, in megabytes.
    static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// `--name value` pairs, wherever they are among the arguments.
struct Options {
    let values: [String: String]
    init(_ arguments: [String]) {
        var values: [String: String] = [:]
        var i = 0
        while i + 1 < arguments.count {
            if arguments[i].hasPrefix("--") {
                values[arguments[i]] = arguments[i + 1]
                i += 2
            } else {
                i += 1
            }
        }
        self.values = values
    }
    func string(_ name: String) -> String? { values[name] }
    func int(_ name: String) -> Int? { values[name].flatMap(Int.init) }
}
