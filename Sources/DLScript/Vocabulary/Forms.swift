import DLCore

/// The layers, data sources and training options of DL.
enum Forms {
    typealias Slot = Form.Slot

    private static let activation = Slot("activation", .words(Words.activations), "the activation applied to the output")
    private static let initializer = Slot(
        "init", .words(Words.initializers), "how weights start: automatic (he for relu, xavier otherwise), xavier or he")
    private static let stride = Slot(
        "stride", .expression, "the step between windows (default: the size for pooling, 1 for conv)", .whole(1...4096))
    private static let sequences = Slot("sequences", .words(["sequences"]), "return every step's state, not only the last")
    /// Dense layers stop at 2^20 units; recurrent ones at 1,024, as their orthogonal
    /// initialisation grows with the cube of the units.
    private static let units = Slot("units", .expression, "how many neurons", .whole(1...(1 << 20)))
    private static let recurrentUnits = Slot("units", .expression, "the size of the hidden state", .whole(1...1024))
    private static let poolSize = Slot("size", .expression, "the window's side", .whole(1...4096), called: "the pool size")
    private static let shape = Slot(
        "shape", .expression, "a size or sizes joined by x", .sizes(rank: 4, each: 1...16_777_216),
        called: "the input shape")

    /// The layers a `model { }` block may hold; each row builds its layer from checked arguments.
    /// (`input` is not a layer: the model takes its shape.) Every layer may be named with `as`.
    static let layers: [Form] = declaredLayers.map { form in
        guard form.layer != nil else { return form }
        var named = form
        named.options.append(layerName)
        return named
    }

    /// `dense 4 relu as hidden`: the model's member `hidden` is this layer (`m.hidden.weight`).
    static let layerName = Slot("as", .name, "a name for the layer: m.<name> is the layer, as m[i] is")

    private static let declaredLayers: [Form] = [
        Form(
            name: "input",
            summary: "the shape of one sample: 784, 28x28 (steps x features) or 28x28x1 (height x width x channels)",
            required: [shape], example: "input 28x28x1"),
        Form(
            name: "dense", summary: "a fully connected layer: y = activation(W x + b)",
            required: [units], optional: [activation], options: [initializer], example: "dense 128 relu",
            layer: { a throws(Diagnostic) in
                .dense(
                    units: try a.whole("units"), activation: a.word("activation", or: .linear),
                    initializer: a.word("init", or: .automatic))
            }),
        Form(
            name: "dropout", summary: "zeroes a random fraction of its inputs while training (scaling the rest up)",
            required: [Slot("rate", .expression, "the fraction dropped", .number(0...0.99), called: "the dropout rate")],
            example: "dropout 0.2", layer: { a throws(Diagnostic) in .dropout(rate: Float(try a.number("rate"))) }),
        Form(
            name: "activation", summary: "an activation on its own",
            required: [Slot("activation", .words(Words.activations), "which activation")], example: "activation relu",
            layer: { a throws(Diagnostic) in .activation(a.word("activation", or: .linear)) }),
        Form(
            name: "conv", summary: "a 2-D convolution over height x width x channels images",
            required: [
                Slot("filters", .expression, "how many kernels (output channels)", .whole(1...4096)),
                Slot(
                    "kernel", .expression, "the kernel size: 5 or 5x5", .sizes(rank: 2, each: 1...64),
                    called: "the kernel size"),
            ],
            optional: [activation],
            options: [
                stride, Slot("padding", .words(Words.paddings), "same (keep the size at stride 1, the default) or valid"),
                initializer,
            ],
            example: "conv 32 5x5 relu",
            layer: { a throws(Diagnostic) in
                let kernel = try a.sizes("kernel")
                return .conv2d(
                    filters: try a.whole("filters"), kernel: kernel.count == 1 ? kernel + kernel : kernel,
                    stride: try a.optionalWhole("stride") ?? 1, padding: a.word("padding", or: .same),
                    activation: a.word("activation", or: .linear), initializer: a.word("init", or: .automatic))
            }),
        Form(
            name: "maxpool", summary: "the largest value of each window", required: [poolSize], options: [stride],
            example: "maxpool 2",
            layer: { a throws(Diagnostic) in .maxPool(size: try a.whole("size"), stride: try a.optionalWhole("stride")) }),
        Form(
            name: "avgpool", summary: "the mean of each window", required: [poolSize], options: [stride],
            example: "avgpool 2",
            layer: { a throws(Diagnostic) in .avgPool(size: try a.whole("size"), stride: try a.optionalWhole("stride")) }),
        Form(
            name: "globalavgpool", summary: "the mean of each channel over the whole image", example: "globalavgpool",
            layer: { _ throws(Diagnostic) in .globalAvgPool }),
        Form(
            name: "flatten", summary: "one long vector per sample", example: "flatten",
            layer: { _ throws(Diagnostic) in .flatten }),
        Form(
            name: "reshape", summary: "the same values in another shape",
            required: [Slot("shape", .expression, "sizes joined by x", .sizes(rank: 4, each: 1...16_777_216))],
            example: "reshape 28x28x1", layer: { a throws(Diagnostic) in .reshape(try a.sizes("shape")) }),
        Form(
            name: "batchnorm", summary: "normalises each feature over the batch, then scales and shifts it (learned)",
            example: "batchnorm", layer: { _ throws(Diagnostic) in .batchNorm }),
        Form(
            name: "rnn", summary: "a simple recurrent layer: h = tanh(W x + U h + b) at each step",
            required: [recurrentUnits], optional: [sequences], example: "rnn 32",
            layer: { a throws(Diagnostic) in .simpleRNN(units: try a.whole("units"), returnSequences: a.flag("sequences")) }),
        Form(
            name: "lstm", summary: "a long short-term memory layer (input, forget, cell and output gates)",
            required: [recurrentUnits], optional: [sequences], example: "lstm 128",
            layer: { a throws(Diagnostic) in .lstm(units: try a.whole("units"), returnSequences: a.flag("sequences")) }),
        Form(
            name: "gru", summary: "a gated recurrent unit layer (reset and update gates)",
            required: [recurrentUnits], optional: [sequences], example: "gru 64 sequences",
            layer: { a throws(Diagnostic) in .gru(units: try a.whole("units"), returnSequences: a.flag("sequences")) }),
        Form(
            name: "repeat", summary: "repeats a vector as a sequence of steps (to feed a decoder)",
            required: [Slot("times", .expression, "how many steps", .whole(1...65536), called: "the number of steps")],
            example: "repeat 28", layer: { a throws(Diagnostic) in .repeatVector(times: try a.whole("times")) }),
        Form(
            name: "timedense", summary: "a dense layer applied to every step of a sequence",
            required: [Slot("units", .expression, "how many neurons per step", .whole(1...(1 << 20)))],
            optional: [activation], example: "timedense 28 sigmoid",
            layer: { a throws(Diagnostic) in
                .timeDistributed(units: try a.whole("units"), activation: a.word("activation", or: .linear))
            }),
        Form(
            name: "decoder",
            summary:
                "writes a sequence from a vector, each step fed the step before: the target while training, its own output when predicting",
            required: [recurrentUnits], optional: [activation],
            options: [
                Slot("steps", .expression, "how many steps it writes", .whole(1...65536), called: "the number of steps"),
                Slot("outputs", .expression, "how many values each step has", .whole(1...(1 << 20)), called: "the outputs"),
            ],
            example: "decoder 32 steps 3 outputs 10 softmax",
            layer: { a throws(Diagnostic) in
                guard let steps = try a.optionalWhole("steps"), let outputs = try a.optionalWhole("outputs") else {
                    throw Diagnostic(
                        range: a.clause.range, message: "a decoder needs how many steps it writes and how many values each has",
                        help: "e.g. decoder 32 steps 3 outputs 10 softmax")
                }
                return .decoder(
                    units: try a.whole("units"), steps: steps, outputs: outputs, activation: a.word("activation", or: .linear))
            }),
    ]

    private static let noise = Slot("noise", .expression, "the deviation of the noise added", .number(0...10))
    private static let seed = Slot(
        "seed", .expression, "the random seed (default: the session's)", .whole(0...Int(Int32.max)), called: "the seed")

    private static func count(_ usual: Int) -> Slot {
        Slot("count", .expression, "how many samples (default \(usual))", .whole(1...1_000_000), called: "the number of samples")
    }

    /// A generated data set named `name`.
    private static func generated(_ name: String, _ set: Dataset) -> DataValue {
        var set = set
        set.name = name
        return DataValue(name: name, train: set)
    }

    /// Fashion-MNIST or MNIST-format files from `directory`, read once per session.
    private static func images(_ a: Arguments, _ name: String, classNames: [String]?) throws(Diagnostic) -> DataValue {
        let directory = try a.optionalString("dir") ?? FashionMNIST.defaultDirectory
        let key = "\(a.form.name):\(directory)"
        let environment = a.interpreter.environment
        if let cached = environment.loadedImages[key] {
            return DataValue(name: name, train: cached.train, test: cached.test)
        }
        let sets = try a.loading { try FashionMNIST.load(directory: directory, classNames: classNames, name: name) }
        environment.loadedImages[key] = sets
        return DataValue(name: name, train: sets.train, test: sets.test)
    }

    /// The sources a `data` statement may load or generate; each row makes its data set.
    static let sources: [Form] = [
        Form(
            name: "fashion_mnist", summary: "Fashion-MNIST: 60,000 + 10,000 grey 28x28 clothing images in 10 classes",
            options: [Slot("dir", .expression, "the folder of the IDX files (default: Debian's)", called: "the folder")],
            example: "data fashion = fashion_mnist",
            source: { a, name throws(Diagnostic) in try images(a, name, classNames: FashionMNIST.classNames) }),
        Form(
            name: "mnist", summary: "MNIST-format IDX files in a folder (train-images-idx3-ubyte, t10k-…)",
            required: [Slot("dir", .expression, "the folder", called: "the folder")],
            example: "data digits = mnist \"/data/mnist\"",
            source: { a, name throws(Diagnostic) in try images(a, name, classNames: nil) }),
        Form(
            name: "idx", summary: "an IDX images file and its labels file",
            required: [Slot("images", .expression, "the images file"), Slot("labels", .expression, "the labels file")],
            options: [
                Slot(
                    "by_offset", .flag,
                    "read each image from the file when a batch needs it, not the whole file at once (the default for "
                        + "an uncompressed file over 256 MB); each process of a job then reads only its shards' images")
            ],
            example: "data set = idx \"images.idx\" \"labels.idx\"",
            source: { a, name throws(Diagnostic) in
                let (images, labels) = (try a.string("images"), try a.string("labels"))
                let reading: IDX.Reading = a.flag("by_offset") ? .byOffset : .automatic
                return DataValue(
                    name: name,
                    train: try a.loading { try IDX.imageDataset(images: images, labels: labels, name: name, reading: reading) })
            }),
        Form(
            name: "csv", summary: "a CSV file with a header row; numeric features and a target column (or a list of them)",
            required: [Slot("file", .expression, "the file")],
            options: [
                Slot(
                    "target", .expression, "the target column's name, or a list of names for a vector of numbers",
                    called: "the target column"),
                Slot(
                    "values", .flag,
                    "read the target as numbers to predict (regression), even whole numbers with few distinct values"),
                Slot("classes", .flag, "read the target as classes, even numbers with many distinct values"),
                Slot("standardize", .flag, "scale each feature to mean 0 and deviation 1"),
            ],
            example: "data iris = csv \"iris.csv\" target \"species\"",
            source: { a, name throws(Diagnostic) in
                let file = try a.string("file")
                guard a.flag("target") else {
                    throw Diagnostic(
                        range: a.clause.range, message: "csv needs the name of its target column",
                        help: "for example: csv \"\(file)\" target \"label\"")
                }
                if a.flag("values") && a.flag("classes") {
                    throw Diagnostic(
                        range: a.clause.range, message: "a target is read as values or as classes, not both",
                        help: "keep 'values' to predict numbers, or 'classes' to classify")
                }
                let targets = try a.strings("target")
                let target = targets[0]
                let kind: CSV.TargetKind = a.flag("values") ? .values : a.flag("classes") ? .classes : .automatic
                var set = try a.loading {
                    try CSV.load(file, targets: targets, targetKind: kind, standardize: a.flag("standardize")).dataset
                }
                set.name = name
                var value = DataValue(name: name, train: set)
                if kind == .automatic, let classes = set.classNames, classes.allSatisfy({ Double($0) != nil }) {
                    value.hint =
                        "'\(target)' holds whole numbers with few values, so they are read as \(classes.count) classes; if they are amounts to predict, load them with: csv \"\(file)\" target \"\(target)\" values"
                }
                return value
            }),
        Form(
            name: "xor", summary: "the four XOR points (or more, noisy), 2 classes",
            optional: [count(4)], options: [noise, seed], example: "data x = xor",
            source: { a, name throws(Diagnostic) in
                generated(
                    name,
                    ToyData.xor(
                        count: try a.optionalWhole("count") ?? 4, noise: Float(try a.optionalNumber("noise") ?? 0),
                        seed: try a.seed()))
            }),
        Form(
            name: "spirals", summary: "interleaved spirals in 2-D",
            optional: [count(400)],
            options: [noise, Slot("classes", .expression, "how many spirals (default 2)", .whole(2...12)), seed],
            example: "data toy = spirals 400 noise 0.1",
            source: { a, name throws(Diagnostic) in
                generated(
                    name,
                    ToyData.spirals(
                        count: try a.optionalWhole("count") ?? 400, classes: try a.optionalWhole("classes") ?? 2,
                        noise: Float(try a.optionalNumber("noise") ?? 0.1), seed: try a.seed()))
            }),
        Form(
            name: "moons", summary: "two interleaved half circles in 2-D",
            optional: [count(400)], options: [noise, seed], example: "data m = moons 400",
            source: { a, name throws(Diagnostic) in
                generated(
                    name,
                    ToyData.moons(
                        count: try a.optionalWhole("count") ?? 400, noise: Float(try a.optionalNumber("noise") ?? 0.1),
                        seed: try a.seed()))
            }),
        Form(
            name: "circles", summary: "a circle inside another in 2-D",
            optional: [count(400)],
            options: [noise, Slot("factor", .expression, "the inner radius over the outer", .number(0.01...0.99)), seed],
            example: "data c = circles 400",
            source: { a, name throws(Diagnostic) in
                generated(
                    name,
                    ToyData.circles(
                        count: try a.optionalWhole("count") ?? 400, noise: Float(try a.optionalNumber("noise") ?? 0.05),
                        factor: Float(try a.optionalNumber("factor") ?? 0.5), seed: try a.seed()))
            }),
        Form(
            name: "blobs", summary: "Gaussian clusters in 2-D",
            optional: [count(400)],
            options: [
                Slot("centers", .expression, "how many clusters (default 3)", .whole(1...12)),
                Slot("spread", .expression, "their deviation", .number(0...10)), seed,
            ],
            example: "data b = blobs 300 centers 4",
            source: { a, name throws(Diagnostic) in
                generated(
                    name,
                    ToyData.blobs(
                        count: try a.optionalWhole("count") ?? 400, centers: try a.optionalWhole("centers") ?? 3,
                        spread: Float(try a.optionalNumber("spread") ?? 0.5), seed: try a.seed()))
            }),
        Form(
            name: "line", summary: "points near a straight line y = slope x + intercept, for linear regression",
            optional: [count(100)],
            options: [
                Slot("slope", .expression, "the line's slope (default 2)", .number(-1000...1000)),
                Slot("intercept", .expression, "where it crosses x = 0 (default 1)", .number(-1000...1000)), noise, seed,
            ],
            example: "data points = line 100 slope 2 intercept 1",
            source: { a, name throws(Diagnostic) in
                generated(
                    name,
                    ToyData.line(
                        count: try a.optionalWhole("count") ?? 100, slope: Float(try a.optionalNumber("slope") ?? 2),
                        intercept: Float(try a.optionalNumber("intercept") ?? 1),
                        noise: Float(try a.optionalNumber("noise") ?? 0.3), seed: try a.seed()))
            }),
        Form(
            name: "sine",
            summary:
                "noisy sine waves: predict the next value, the wave one step ahead (sequences), or the next k values (ahead k)",
            optional: [count(1000)],
            options: [
                Slot("steps", .expression, "values per sample (default 20)", .whole(1...1000)), noise,
                Slot("sequences", .flag, "targets are whole waves one step ahead (many-to-many)"),
                Slot(
                    "ahead", .expression, "targets are the next k values (sequence to sequence)", .whole(1...1000),
                    called: "the values ahead"),
                seed,
            ],
            example: "data waves = sine 1000 steps 20",
            source: { a, name throws(Diagnostic) in
                let ahead = try a.optionalWhole("ahead")
                if ahead != nil && a.flag("sequences") {
                    throw Diagnostic(
                        range: a.clause.range, message: "the targets are the wave one step ahead or the values ahead, not both",
                        help: "keep 'sequences' for a target at every step, or 'ahead k' for the k values after the input")
                }
                return generated(
                    name,
                    ToyData.sine(
                        count: try a.optionalWhole("count") ?? 1000, steps: try a.optionalWhole("steps") ?? 20, ahead: ahead,
                        noise: Float(try a.optionalNumber("noise") ?? 0.05), sequenceTargets: a.flag("sequences"),
                        seed: try a.seed()))
            }),
        Form(
            name: "waves", summary: "a sine's frequency and phase in, its whole wave out (one-to-many)",
            optional: [count(1000)],
            options: [Slot("steps", .expression, "values of each wave (default 20)", .whole(1...1000)), seed],
            example: "data curves = waves 1000 steps 20",
            source: { a, name throws(Diagnostic) in
                generated(
                    name,
                    ToyData.waves(
                        count: try a.optionalWhole("count") ?? 1000, steps: try a.optionalWhole("steps") ?? 20,
                        seed: try a.seed()))
            }),
        Form(
            name: "digits", summary: "strings of digits to reverse or add, a one-hot symbol per step (sequence to sequence)",
            optional: [count(2000)],
            options: [
                Slot("length", .expression, "digits in each number (default 4)", .whole(1...9), called: "the length"),
                Slot("task", .words(ToyData.DigitTask.allCases.map(\.rawValue)), "reverse (default) or add"),
                seed,
            ],
            example: "data sums = digits 2000 length 2 task add",
            source: { a, name throws(Diagnostic) in
                generated(
                    name,
                    ToyData.digits(
                        count: try a.optionalWhole("count") ?? 2000, length: try a.optionalWhole("length") ?? 4,
                        task: a.word("task", or: ToyData.DigitTask.reverse), seed: try a.seed()))
            }),
    ]

    /// How a `data` statement may view another data set.
    static let view = Form(
        name: "view", summary: "another data set seen differently",
        options: [
            Slot("as", .words(["sequences"]), "images as sequences of rows"),
            Slot("unlabeled", .flag, "the samples without their labels"),
            Slot("take", .expression, "the first n samples", .whole(1...Int.max), called: "take"),
            Slot("standardized", .flag, "values shifted and scaled to mean 0, deviation 1 by the training part's"),
        ],
        example: "data seqs = fashion as sequences")

    /// The options of `train`.
    static let training = Form(
        name: "train", summary: "trains a model on a data set, one table row per epoch",
        options: [
            Slot("epochs", .expression, "passes over the data (default 10)", .whole(1...1_000_000), called: "epochs"),
            Slot(
                "batch", .expressionOr(["full"]), "samples per update (default 32); full = the whole set",
                .whole(1...(1 << 24)), called: "the batch size"),
            Slot("optimizer", .words(Words.optimizers), "how weights are updated (default adam)"),
            Slot(
                "lr", .expression, "the learning rate (default: the optimizer's)", .number(0...1000),
                called: "the learning rate"),
            Slot("momentum", .expression, "sgd's momentum (default 0)", .number(0...0.999), called: "the momentum"),
            Slot("loss", .words(Words.losses), "what is minimised (default: follows the last layer)"),
            Slot("validate", .expression, "a fraction to hold out, or a data set"),
            Slot(
                "patience", .expression, "stop after this many epochs without a better loss; restore the best",
                .whole(1...1_000_000), called: "patience"),
            Slot("schedule", .schedule, "multiply the learning rate by a factor every n epochs"),
            Slot("checkpoint", .expression, "save the best epoch's weights to this file"),
            Slot(
                "clip", .expression, "scale gradients down to this global norm", .number(1e-6...1e6), called: "the clipping norm"),
            Slot(
                "seed", .expression, "shuffling's seed (default: the session's)", .whole(0...Int(Int32.max)), called: "the seed"),
            Slot(
                "shards", .expression,
                "split each batch into this many parts, their gradients summed in order: what as many MPI processes compute (default 1)",
                .whole(1...1024), called: "the shards"),
            Slot(
                "workers", .expression, "train in this many processes started with mpirun, each on its shard of every batch",
                .whole(1...4096), called: "the workers"),
            Slot("hosts", .expression, "a hostfile naming the machines the workers run on (mpirun --hostfile)"),
        ],
        example: "train mlp on fashion epochs 10 batch 64 optimizer adam lr 0.001")

    static func layer(_ name: String) -> Form? { layers.first { $0.name == name } }
    static func source(_ name: String) -> Form? { sources.first { $0.name == name } }
}
