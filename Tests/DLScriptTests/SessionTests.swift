import DLCore
import DLScript
import Foundation
import Testing

/// A session keeps its definitions across runs, recovers from errors, fills in defaults, and
/// can be interrupted.
@Suite("Sessions")
struct SessionTests {
    @Test("a save under another extension than .safetensors says what the file holds")
    func saveExtension() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dl-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (onnx, kept) = (folder.appendingPathComponent("m.onnx").path, folder.appendingPathComponent("m.safetensors").path)
        let runner = ScriptRunner()
        #expect(runner.run("data toy = xor\nmodel m { dense 2 softmax }\ntrain m on toy epochs 1").outcome == .completed)
        let (lines, outcome) = runner.run("save m \"\(onnx)\"")
        #expect(outcome == .completed)
        #expect(
            lines.last
                == "warning: \(onnx) holds safetensors whatever its name says; name it \(folder.path)/m.safetensors so other tools know"
        )
        #expect(FileManager.default.fileExists(atPath: onnx), "the model is saved all the same")
        #expect(runner.run("save m \"\(kept)\"").lines.allSatisfy { !$0.hasPrefix("warning:") })
    }

    @Test("load brings back the history, the layer names and the optimizer: table works and train goes on as if never saved")
    func loadGoesOn() throws {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("m.safetensors").path
        let runner = ScriptRunner()
        let setup = runner.run(
            "seed 3\ndata gate = xor\nmodel m { input 2; dense 4 tanh as hidden; dense 2 softmax }\ntrain m on gate epochs 3 lr 0.1\nsave m \"\(file)\""
        )
        #expect(setup.outcome == .completed)
        let loaded = runner.run("load back from \"\(file)\"")
        #expect(
            loaded.lines.last
                == "it has trained 3 epochs (table back shows them); train goes on from there with its adam optimizer's state")
        #expect(runner.run("table back").lines.dropFirst() == runner.run("table m").lines.dropFirst())
        #expect(runner.run("back.hidden").lines == ["back.hidden: Dense(2 => 4, tanh); parameters: weight 2x4, bias 4"])
        #expect(runner.run("len(back.batch_loss)").lines == ["3"])
        _ = runner.run("train m on gate epochs 2 lr 0.1")
        let continued = runner.run("train back on gate epochs 2 lr 0.1").lines
        #expect(
            continued.contains { $0.hasPrefix("      4 ") } && continued.contains { $0.hasPrefix("      5 ") }, "\(continued)")
        #expect(runner.run("print back.loss").lines == runner.run("print m.loss").lines, "the same losses as never saved")
        #expect(runner.run("print back.hidden.weight").lines.dropFirst() == runner.run("print m.hidden.weight").lines.dropFirst())
    }

    @Test("definitions survive an error in a later run, and a new definition replaces an old one")
    func persistence() {
        let runner = ScriptRunner()
        #expect(runner.run("let a = 3\nmodel m { input 2; dense 4 relu; dense 2 softmax }").outcome == .completed)
        guard case .failed = runner.run("let b = 1\nnosuchcommand 1").outcome else {
            Issue.record("the typo should fail")
            return
        }
        #expect(runner.run("a").lines == ["3"])
        // The failed cell ran nothing, so b is not defined.
        #expect(runner.run("b").lines.first == "test.dl:1:1: error: unknown name 'b' — define it first, e.g. let b = 1")
        #expect(runner.run("model m { input 3; dense 1 }").outcome == .completed)
        #expect(runner.session.describe("m")?.contains("Dense(3 => 1)") == true)
        #expect(runner.run("let m = 5\nm").lines.last == "5")
        #expect(runner.session.names == ["a", "m"])
    }

    @Test("the input shape comes from the data, and the loss from the last layer")
    func defaults() {
        let runner = ScriptRunner()
        _ = runner.run("data toy = moons 64\ndata waves = sine 32 steps 5")
        let unbuilt = runner.run("model c { dense 8 relu; dense 2 softmax }\nsummary c")
        #expect(
            unbuilt.lines.first { $0.contains("error:") }
                == "test.dl:2:9: error: 'c' does not know its input shape yet — train it on a data set first, or start it with an input line, e.g. input 784"
        )
        let classifier = runner.run("train c on toy epochs 1 batch 16").lines
        #expect(classifier.contains("64 samples, 4 batches per epoch, adam(lr 0.001), loss crossentropy"))
        #expect(runner.run("summary c").lines.contains { $0.hasPrefix("Dense(2 => 8, relu)") })
        let binary = runner.run("model b { dense 4 tanh; dense 1 sigmoid }\ntrain b on toy epochs 1 batch full optimizer gd")
            .lines
        #expect(binary.contains("64 samples, full batch per epoch, gd(lr 0.01), loss binary_crossentropy"))
        let linear = runner.run("model l { dense 2 }\ntrain l on toy epochs 1 batch 16").lines
        #expect(linear.contains { $0.hasPrefix("warning: 'l' ends without softmax, so it is trained with mse") })
        #expect(linear.contains("64 samples, 4 batches per epoch, adam(lr 0.001), loss mse"))
        let regression = runner.run("model r { lstm 4; dense 1 }\ntrain r on waves epochs 1 batch 8").lines
        #expect(regression.contains("32 samples, 4 batches per epoch, adam(lr 0.001), loss mse"))
        #expect(regression.first { $0.hasPrefix("  epoch") } == "  epoch     loss       lr")
    }

    @Test("training continues its history, numbering epochs on; patience restores the best epoch")
    func history() {
        let runner = ScriptRunner()
        _ = runner.run("data toy = moons 64\nmodel m { input 2; dense 8 tanh; dense 2 softmax }")
        _ = runner.run("train m on toy epochs 2 batch 16")
        let second = runner.run("train m on toy epochs 2 batch 16 validate 0.25").lines
        #expect(second.contains { $0.hasPrefix("      3 ") })
        #expect(runner.run("m.loss").lines.first?.split(separator: ",").count == 4)
        let patient = runner.run("train m on toy epochs 30 batch 64 lr 1 patience 1").lines
        #expect(patient.contains { $0.hasPrefix("stopped early after epoch") && $0.contains("restored the weights of epoch") })
    }

    @Test("a standardized data set scales every part by its training part's mean and deviation")
    func standardizedView() {
        let runner = ScriptRunner()
        func scaling(_ code: String) -> String? {
            runner.run(code).lines.last.flatMap { line in
                line.range(of: "standardized as ").map { String(line[$0.upperBound...]) }
            }
        }
        _ = runner.run("data full = fashion_mnist\ndata fm = full take 300")
        let training = scaling("data small = fm standardized")
        #expect(training?.hasPrefix("(x - 0.2") == true && training?.contains(") / 0.3") == true)
        #expect(scaling("small.test") == training)
        let ownMoments = scaling("data other = fm.test standardized")
        #expect(ownMoments != nil && ownMoments != training)
        #expect(runner.run("data seqs = fm as sequences standardized").lines.last?.contains("each 28x28 standardized as") == true)
        #expect(scaling("fm") == nil)
    }

    @Test("a loader may be followed by a view, which applies as it would to the loaded set")
    func loaderWithView() {
        let runner = ScriptRunner()
        let direct = runner.run("data a = fashion_mnist as sequences take 300 standardized").lines.last
        _ = runner.run("data full = fashion_mnist")
        let stepwise = runner.run("data a = full as sequences take 300 standardized").lines.last
        #expect(direct != nil && direct == stepwise)
        #expect(
            direct?.hasPrefix("a: 300 training samples, 300 test, each 28x28 standardized as (x - ") == true, "\(direct ?? "")")
        #expect(runner.run("data s = spirals 40 noise 0.2 take 10").lines.last?.hasPrefix("s: 10 training samples") == true)
        let late = runner.run("data s = spirals 40 take 10 noise 0.2").lines.first ?? ""
        #expect(
            late.hasSuffix(
                "'noise' is an option of a data source: write it before any view, e.g. data part = spirals 400 noise 0.2 take 100"
            ),
            "a loader's options come before the view: \(late)")
    }

    @Test("trace shows a dense layer's W one row per neuron, so z = W x + b holds for the printed numbers")
    func traceReadsAsWritten() throws {
        let runner = ScriptRunner()
        let lines = runner.run("data b = blobs 20 centers 3\nmodel m { input 2; dense 3 tanh; dense 3 softmax }\ntrace m on b[0]")
            .lines
        let text = lines.joined(separator: "\n").split(separator: "\n").map(String.init)
        func numbers(after prefix: String) throws -> [[Double]] {
            let line = try #require(text.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) })
            let inside = line[line.index(after: try #require(line.firstIndex(of: "[")))..<(try #require(line.lastIndex(of: "]")))]
            return inside.split(separator: ";").map { row in
                row.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces))! }
            }
        }
        let x = try numbers(after: "input x 2:")[0]
        let w = try numbers(after: "weights W 3x2:")
        let b = try numbers(after: "bias b 3:")[0]
        let z = try numbers(after: "pre-activation z:")[0]
        #expect(w.count == 3 && w.allSatisfy { $0.count == 2 })
        for unit in 0..<3 {
            let sum = zip(w[unit], x).reduce(b[unit]) { $0 + $1.0 * $1.1 }
            #expect(abs(sum - z[unit]) < 0.01 * max(1, abs(z[unit])))
        }
    }

    @Test("predicting one sample lists classes only for a data set with classes; other outputs show as values")
    func predictOutputs() {
        let runner = ScriptRunner()
        _ = runner.run("data toy = moons 64\ndata points = toy unlabeled\nmodel ae { input 2; dense 4 tanh; dense 2 }")
        let values = runner.run("predict ae on points[0]").lines
        #expect(values.contains("sample  output") || values.contains { $0.hasPrefix("sample") && $0.hasSuffix("output") })
        #expect(!values.contains { $0.hasPrefix("predicted:") })
        _ = runner.run("model c { input 2; dense 2 softmax }")
        #expect(runner.run("predict c on toy[0]").lines.contains { $0.hasPrefix("predicted: ") && $0.contains("label: ") })
    }

    @Test("a few grey images show as pictures with their labels; a whole data set or other shapes do not")
    func sampleImages() throws {
        let runner = ScriptRunner()
        _ = runner.run("data all = fashion_mnist\ndata f = all take 100\ndata toy = moons 4")
        let strips = runner.images("f.test[0:3]")
        let strip = try #require(strips.first)
        #expect(strips.count == 1 && strip.title == "f.test[0:3]" && strip.rows.count == 1)
        #expect(strip.rows[0].images.map(\.caption) == ["9 Ankle boot", "2 Pullover", "1 Trouser"])
        #expect(strip.rows[0].images.allSatisfy { $0.height == 28 && $0.width == 28 })
        #expect(strip.rows[0].images[0].values.max() == 1 && strip.rows[0].images[0].values.min() == 0)
        #expect(runner.images("f").isEmpty, "a whole data set stays a description")
        #expect(runner.images("f[0:9]").map(\.title) == ["f[0:9]: the first 8 of 9"])
        #expect(runner.images("toy").isEmpty && runner.images("data s = f as sequences\ns[0:2]").isEmpty)
    }

    @Test("an autoencoder's predictions show its inputs above its reconstructions, each with its error")
    func reconstructions() throws {
        let runner = ScriptRunner()
        _ = runner.run(
            "data all = fashion_mnist\ndata px = all take 64 unlabeled\nmodel ae { input 28x28x1; dense 8 relu; dense 784 sigmoid }"
        )
        let strip = try #require(runner.images("predict ae on px.test[0:3]").first)
        #expect(strip.rows.map(\.label) == ["input", "output"])
        let (inputs, outputs) = (strip.rows[0].images, strip.rows[1].images)
        #expect(inputs.map(\.caption) == ["sample 0", "sample 1", "sample 2"] && outputs.count == 3)
        for (input, output) in zip(inputs, outputs) {
            let mse = zip(input.values, output.values).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 784
            let shown = try #require(Float(output.caption.dropFirst("mse ".count)))
            #expect(abs(shown - mse) <= 1e-3 * mse, "4 significant digits: \(output.caption) vs \(mse)")
        }
        let many = try #require(runner.images("predict ae on px.test[0:20]").first)
        #expect(many.rows[0].images.count == 8 && many.title == "ae on px.test[0:20]: the first 8 of 20", "at most 8 are drawn")
        _ = runner.run("model c { input 28x28x1; dense 10 softmax }\ndata f = all take 8")
        #expect(
            runner.images("predict c on f.test[0:2]").map(\.title) == ["c on f.test[0:2]: the class it gives each"],
            "a classifier's images are captioned with their classes, not reconstructions")
    }

    @Test("trace draws each convolution's feature maps for the sample, and only a convolution's")
    func featureMaps() throws {
        let runner = ScriptRunner()
        _ = runner.run(
            "data all = fashion_mnist\ndata f = all take 8\n"
                + "model cnn { input 28x28x1; conv 4 3x3 relu; maxpool 2; conv 12 3x3 relu; flatten; dense 10 softmax }")
        let strips = runner.images("trace cnn on f.test[0]")
        #expect(strips.count == 2)
        let (first, second) = (try #require(strips.first), try #require(strips.last))
        #expect(first.title.hasPrefix("layer 1: Conv2D(1 => 4, 3x3, same, relu): its feature maps"))
        #expect(second.title.hasPrefix("layer 3: Conv2D(4 => 12, 3x3, same, relu): the first 8 of its 12 feature maps"))
        #expect(first.rows[0].images.map(\.caption) == ["channel 0", "channel 1", "channel 2", "channel 3"])
        #expect(first.rows[0].images.allSatisfy { $0.height == 28 && $0.width == 28 && $0.values.min()! >= 0 })
        #expect(second.rows[0].images.count == 8 && second.rows[0].images.allSatisfy { $0.height == 14 && $0.width == 14 })
        #expect(first.scale == .eachImage)
        _ = runner.run("model mlp { input 28x28x1; dense 10 softmax }")
        #expect(runner.images("trace mlp on f.test[0]").isEmpty)
    }

    @Test("predictions of numbers show each sample's target beside the output; a single sigmoid unit, its label")
    func predictTargets() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dl-targets-\(UUID().uuidString).csv")
        try "x,y\n1,0.25\n2,-1.75\n3,12.5\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let runner = ScriptRunner()
        _ = runner.run("data r = csv \"\(file.path)\" target \"y\"\nmodel m { input 1; dense 1 }")
        let lines = runner.run("predict m on r").lines
        #expect(lines.contains { $0.split(separator: " ") == ["sample", "output", "target"] }, "\(lines)")
        let targets = lines.compactMap { line -> String? in
            let cells = line.split(separator: " ")
            return cells.count == 3 && Int(cells[0]) != nil ? String(cells[2]) : nil
        }
        #expect(targets.compactMap(Double.init) == [0.25, -1.75, 12.5], "\(lines)")

        _ = runner.run("data toy = moons 8\nmodel b { input 2; dense 1 sigmoid }")
        let binary = runner.run("predict b on toy[0:3]").lines
        #expect(binary.contains { $0.split(separator: " ") == ["sample", "output", "label"] }, "\(binary)")
    }

    @Test("an interrupted training keeps its finished epochs, and the rest of the cell does not run")
    func interruption() throws {
        let session = Session(options: SessionOptions(timings: false))
        let interrupter = session.interrupter
        let lines = Collected()
        let outcome = session.run(
            """
            data fashion = fashion_mnist
            data small = fashion take 6000
            model mlp { dense 64 relu; dense 10 softmax }
            train mlp on small epochs 1000 batch 32
            print "not reached"
            """
        ) { event in
            if case let .lossTable(table) = event, case .row = table.newest { interrupter.interrupt() }
            if let text = TextRenderer().render(event) { lines.append(text) }
        }
        guard case let .interrupted(reached) = outcome else {
            Issue.record("expected an interruption, got \(outcome)")
            return
        }
        #expect(lines.lines.contains(reached))
        #expect(
            lines.lines.contains {
                $0.hasPrefix("interrupted in epoch 2; the model keeps the weights after batch")
                    || $0 == "interrupted at the start of epoch 2; the model keeps the weights of the last finished batch"
            })
        #expect(!lines.lines.contains("not reached"))
        #expect(!interrupter.interrupt(), "nothing runs now: an interrupt says so and cancels nothing")
        let after = Collected()
        #expect(
            session.run("mlp.loss") {
                if let t = TextRenderer().render($0) { after.append(t) }
            } == .completed)
        #expect(after.lines.count == 1 && !after.lines[0].contains(","))
    }

    @Test("save and load round-trip a model, and a checkpoint holds the best epoch")
    func files() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlscript-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let runner = ScriptRunner()
        let (lines, outcome) = runner.run(
            """
            data toy = blobs 90
            model m { input 2; dense 8 relu; dense 3 softmax }
            train m on toy epochs 3 batch 30 checkpoint "\(folder.path)/best.safetensors"
            save m "\(folder.path)/m.safetensors"
            load again from "\(folder.path)/m.safetensors"
            load best from "\(folder.path)/best.safetensors"
            predict m on toy[0:4]
            predict again on toy[0:4]
            """)
        #expect(outcome == .completed, "\(lines)")
        #expect(lines.contains("checkpoint: the best epoch's weights are in \(folder.path)/best.safetensors"))
        let tables = lines.split { $0.hasPrefix("m on toy") || $0.hasPrefix("again on toy") }
        #expect(tables.count == 3 && tables[1] == tables[2], "the loaded model predicts as the saved one")
        let missing = runner.run("load x from \"\(folder.path)/none.safetensors\"").lines.first ?? ""
        #expect(missing.contains("error: ") && missing.contains("none.safetensors"))
        // `save m to "file"` reads like load's `from`; a string named `to` still works as the path.
        let written = runner.run(
            "save m to \"\(folder.path)/to.safetensors\"\nlet to = \"\(folder.path)/named.safetensors\"\nsave m to")
        #expect(written.outcome == .completed, "\(written.lines)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("to.safetensors").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("named.safetensors").path))
    }

    @Test("a slice of more than 8 images shows the first 8 and says so; a whole data set stays a line")
    func longSlicesOfImages() {
        let runner = ScriptRunner()
        let strips = runner.images("data fashion = fashion_mnist take 20\nfashion.test[0:12]\nfashion.test[2:5]\nfashion")
        #expect(strips.map(\.title) == ["fashion.test[0:12]: the first 8 of 12", "fashion.test[2:5]"])
        #expect(strips.first?.rows.first?.images.count == 8)
    }

    @Test("a slice of a model's history is plotted at its epochs")
    func plottedSliceKeepsItsEpochs() {
        let runner = ScriptRunner()
        _ = runner.run("data gate = xor\nmodel m { dense 2 softmax }\ntrain m on gate epochs 6")
        func axis(_ code: String) -> [String] {
            runner.run(code).lines.first { $0.hasSuffix("epoch") }?.split(separator: " ").map(String.init) ?? []
        }
        #expect(axis("plot m.loss[2:5]") == ["3", "5", "epoch"])
        #expect(axis("plot m.loss") == ["1", "6", "epoch"])
        #expect(axis("plot m.loss[-1]") == ["6", "6", "epoch"])
        #expect(axis("plot m.loss[2:5], m.accuracy") == ["1", "6", "epoch"], "series that start apart are drawn from 1")
    }

    @Test("a CSV target of few whole numbers is read as classes with a hint; 'values' reads it as amounts")
    func csvTargetValues() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("houses.csv", "rooms,area,price\n1,30,2\n2,45,3\n3,60,4\n2,50,3\n4,80,6\n")
        let runner = ScriptRunner()
        let hint =
            "'price' holds whole numbers with few values, so they are read as 4 classes; if they are amounts to predict, load them with: csv \"\(file)\" target \"price\" values"
        let automatic = runner.run("data h = csv \"\(file)\" target \"price\"\nmodel m { dense 1 }\ntrain m on h epochs 1")
        #expect(automatic.lines.prefix(2) == ["h: 5 training samples, each 2; 4 classes: 2, 3, 4, 6", hint])
        guard case let .failed(mismatch) = automatic.outcome else {
            Issue.record("a 1-output model on 4 classes must fail")
            return
        }
        #expect(mismatch.help == hint, "the training error repeats how to read the target as values")
        let values = runner.run("data v = csv \"\(file)\" target \"price\" values\nmodel r { dense 1 }\ntrain r on v epochs 1")
        #expect(values.outcome == .completed)
        #expect(values.lines.first == "v: 5 training samples, each 2; targets of 1 number")
        #expect(!values.lines.contains(hint))
        let both = runner.run("data b = csv \"\(file)\" target \"price\" values classes")
        #expect(both.lines.first?.contains("a target is read as values or as classes, not both") == true)
    }

    @Test("a list of CSV target columns is a vector target that a model with an output each, or a sequence, trains on")
    func csvTargetColumns() throws {
        let folder = try TemporaryFolder()
        let rows = (0..<40).map { i in
            let x = Double(i) / 10
            return "\(x),\(2 * x),\(3 * x),\(4 * x)"
        }
        let file = try folder.write("steps.csv", "x,y0,y1,y2\n" + rows.joined(separator: "\n") + "\n")
        let runner = ScriptRunner()
        let loaded = runner.run("data s = csv \"\(file)\" target [\"y0\", \"y1\", \"y2\"]")
        #expect(loaded.lines == ["s: 40 training samples, each 1; targets of 3 numbers"])
        let flat = runner.run("model v { dense 3 }\ntrain v on s epochs 2")
        #expect(flat.outcome == .completed)
        let sequence = runner.run("model q { dense 8 tanh; repeat 3; lstm 8 sequences; timedense 1 }\ntrain q on s epochs 2")
        #expect(sequence.outcome == .completed, "a 3x1 output matches 3 target columns")
        let refusals = [
            ("data b = csv \"\(file)\" target [\"y0\", 1]", "the target column must be a string or a list of strings"),
            ("data b = csv \"\(file)\" target [\"y0\", \"y1\"] classes", "2 target columns are read as numbers"),
        ]
        for (code, message) in refusals {
            let diagnostic = try #require(runner.failure(of: code), "\(code) must fail")
            #expect(diagnostic.message.contains(message), "\(code): \(diagnostic.message)")
        }
    }

    @Test("a layer's parameters are values: small ones whole, large ones summarised, images per unit over pictures")
    func parametersAsValues() throws {
        let runner = ScriptRunner()
        _ = runner.run("data gate = xor\nmodel m { dense 2 tanh; dense 2 softmax }\ntrain m on gate epochs 1")
        #expect(runner.run("m[0]").lines == ["m[0]: Dense(2 => 2, tanh); parameters: weight 2x2, bias 2"])
        let weight = runner.run("m[0].weight").lines
        #expect(weight.first == "m[0].weight (2x2: a row per input, a column per unit)" && weight.count == 3, "\(weight)")
        #expect(runner.run("m[-1].bias").lines.first?.hasPrefix("m[1].bias (2): [") == true)
        #expect(runner.run("print len(m.loss)").lines == ["1"])
        let refusals = [
            ("m[0].weights", "m[0] (Dense(2 => 2, tanh)) has no parameter 'weights'"),
            ("m[2]", "the layer's index must be"), ("m[0:1]", "a model's layers are read one at a time"),
        ]
        for (code, message) in refusals {
            let diagnostic = try #require(runner.failure(of: code), "\(code) must fail")
            #expect(diagnostic.message.hasPrefix(message), "\(code): \(diagnostic.message)")
        }
        _ = runner.run("model fresh { dense 2 }")
        let unbuilt = try #require(runner.failure(of: "fresh[0]"), "a model without a network has no layers")
        #expect(unbuilt.message == "'fresh' has no layers yet: its input shape is not known")

        _ = runner.run("data f = fashion_mnist take 20\nmodel d { dense 16 relu; dense 10 softmax }\ntrain d on f epochs 1")
        let summary = runner.run("d[0].weight").lines
        #expect(summary.first?.hasPrefix("d[0].weight: 784x16, 12,544 values; min ") == true, "\(summary)")
        #expect(summary.count == 2 && summary[1].contains("(how many values fall in each of 24 equal ranges"))
        let pictures = runner.images("plot d[0].weight")
        #expect(pictures.first?.rows.first?.images.count == 8)
        #expect(pictures.first?.rows.first?.images.allSatisfy { $0.height == 28 && $0.width == 28 } == true)
        let plotted = runner.run("plot d[0].weight").lines
        #expect(plotted.first == "d[0].weight: how its 12,544 values spread")
        #expect(runner.images("plot d[1].weight").isEmpty, "a hidden layer's weights do not lie over the image")
        _ = runner.run("model c { input 28x28x1; conv 4 3x3 relu; flatten; dense 10 softmax }")
        let kernels = runner.images("plot c[0].weight").first?.rows.first?.images
        #expect(kernels?.count == 4 && kernels?.allSatisfy { $0.height == 3 && $0.width == 3 } == true)
    }

    @Test("predict on images pictures each with the class given; evaluate pictures the first mistakes")
    func classifiedImages() throws {
        let runner = ScriptRunner()
        _ = runner.run(
            "seed 1\ndata f = fashion_mnist take 300\nmodel m { dense 32 relu; dense 10 softmax }\ntrain m on f epochs 2")
        let predicted = try #require(runner.images("predict m on f.test[0:3]").first)
        #expect(predicted.title == "m on f.test[0:3]: the class it gives each")
        let lines = runner.run("predict m on f.test[0:3]").lines
        // The table's predicted class is each picture's caption, with the label when they differ.
        for (row, image) in zip(lines.drop { !$0.hasPrefix("-") }.dropFirst(), predicted.rows[0].images) {
            let cells = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            let given = cells[2..<cells.firstIndex { Double($0) != nil && $0.contains(".") }!].joined(separator: " ")
            #expect(image.caption.hasPrefix(given), "\(row) vs \(image.caption)")
            #expect(image.caption.contains(", not ") == !row.hasSuffix(given), "\(row) vs \(image.caption)")
        }
        let mistakes = try #require(runner.images("evaluate m on f.test").first)
        #expect(mistakes.title == "m on f.test: the first 8 it gets wrong")
        #expect(mistakes.rows[0].images.count == 8 && mistakes.rows[0].images.allSatisfy { $0.caption.contains(", not ") })
        #expect(
            runner.images("data toy = moons 40\nmodel t { dense 2 softmax }\ntrain t on toy epochs 1\nevaluate t on toy").isEmpty)
    }

    @Test("images read by offset from a file cut short in the session: the statement that read the gap is an error")
    func fileCutShort() throws {
        let folder = try TemporaryFolder()
        func idx(_ dimensions: [Int], _ values: [UInt8]) -> Data {
            var bytes: [UInt8] = [0, 0, 8, UInt8(dimensions.count)]
            for d in dimensions { bytes += [0, 0, 0, UInt8(d)] }
            return Data(bytes + values)
        }
        let images = folder.path("images")
        try idx([20, 2, 2], (0..<80).map { UInt8($0 * 3) }).write(to: URL(fileURLWithPath: images))
        try idx([20], (0..<20).map { UInt8($0 % 2) }).write(to: URL(fileURLWithPath: folder.path("labels")))
        let runner = ScriptRunner()
        let (lines, outcome) = runner.run(
            "data pics = idx \"\(images)\" \"\(folder.path("labels"))\" by_offset\nmodel m { dense 2 softmax }\npics")
        #expect(outcome == .completed)
        #expect(
            lines.last?.hasSuffix("; read by offset from \(images) (0 bytes of its 96 bytes read so far)") == true, "\(lines)")
        #expect(runner.run("predict m on pics[0:2]").outcome == .completed)
        #expect(truncate(images, 16 + 10 * 4) == 0)
        let failure = runner.failure(of: "predict m on pics[8:12]")
        #expect(failure?.message.hasPrefix("\(images): the file changed while samples were read from it") == true)
        #expect(failure?.help == "what this statement showed read zeros where the file was missing bytes")
        #expect(runner.run("predict m on pics[0:2]").outcome == .completed, "the rest of the file still reads")
        let training = runner.failure(of: "train m on pics epochs 1")
        #expect(
            training?.message.contains("(The model keeps the weights of its last finished batch.)") == true,
            "\(String(describing: training))")
    }
}
