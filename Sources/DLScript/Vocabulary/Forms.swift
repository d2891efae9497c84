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
    /// (`input` is not a layer: the model takes its shape.)
    static let layers: [Form] = [
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
    ]

    private static let count = Slot("count", .expression, "how many samples")
    private static let noise = Slot("noise", .expression, "the deviation of the noise added")
    private static let seed = Slot("seed", .expression, "the random seed (default: the session's)")

    /// The sources a `data` statement may load or generate.
    static let sources: [Form] = [
        Form(
            name: "fashion_mnist", summary: "Fashion-MNIST: 60,000 + 10,000 grey 28x28 clothing images in 10 classes",
            options: [Slot("dir", .expression, "the folder of the IDX files (default: Debian's)")],
            example: "data fashion = fashion_mnist"),
        Form(
            name: "mnist", summary: "MNIST-format IDX files in a folder (train-images-idx3-ubyte, t10k-…)",
            required: [Slot("dir", .expression, "the folder")], example: "data digits = mnist \"/data/mnist\""),
        Form(
            name: "idx", summary: "an IDX images file and its labels file",
            required: [Slot("images", .expression, "the images file"), Slot("labels", .expression, "the labels file")],
            example: "data set = idx \"images.idx\" \"labels.idx\""),
        Form(
            name: "csv", summary: "a CSV file with a header row; numeric features and one target column",
            required: [Slot("file", .expression, "the file")],
            options: [
                Slot("target", .expression, "the target column's name"),
                Slot("standardize", .flag, "scale each feature to mean 0 and deviation 1"),
            ],
            example: "data iris = csv \"iris.csv\" target \"species\""),
        Form(
            name: "xor", summary: "the four XOR points (or more, noisy), 2 classes",
            optional: [count], options: [noise, seed], example: "data x = xor"),
        Form(
            name: "spirals", summary: "interleaved spirals in 2-D",
            optional: [count], options: [noise, Slot("classes", .expression, "how many spirals (default 2)"), seed],
            example: "data toy = spirals 400 noise 0.1"),
        Form(
            name: "moons", summary: "two interleaved half circles in 2-D",
            optional: [count], options: [noise, seed], example: "data m = moons 400"),
        Form(
            name: "circles", summary: "a circle inside another in 2-D",
            optional: [count], options: [noise, Slot("factor", .expression, "the inner radius over the outer"), seed],
            example: "data c = circles 400"),
        Form(
            name: "blobs", summary: "Gaussian clusters in 2-D",
            optional: [count],
            options: [
                Slot("centers", .expression, "how many clusters (default 3)"),
                Slot("spread", .expression, "their deviation"), seed,
            ],
            example: "data b = blobs 300 centers 4"),
        Form(
            name: "sine", summary: "noisy sine waves: predict the next value (or, with sequences, the wave one step ahead)",
            optional: [count],
            options: [
                Slot("steps", .expression, "values per sample (default 20)"), noise,
                Slot("sequences", .flag, "targets are whole shifted waves"), seed,
            ],
            example: "data waves = sine 1000 steps 20"),
    ]

    /// How a `data` statement may view another data set.
    static let view = Form(
        name: "view", summary: "another data set seen differently",
        options: [
            Slot("as", .words(["sequences"]), "images as sequences of rows"),
            Slot("unlabeled", .flag, "the samples without their labels"),
            Slot("take", .expression, "the first n samples"),
            Slot("standardized", .flag, "values shifted and scaled to mean 0, deviation 1 by the training part's"),
        ],
        example: "data seqs = fashion as sequences")

    /// The options of `train`.
    static let training = Form(
        name: "train", summary: "trains a model on a data set, one table row per epoch",
        options: [
            Slot("epochs", .expression, "passes over the data (default 10)"),
            Slot("batch", .expressionOr(["full"]), "samples per update (default 32); full = the whole set"),
            Slot("optimizer", .words(Words.optimizers), "how weights are updated (default adam)"),
            Slot("lr", .expression, "the learning rate (default: the optimizer's)"),
            Slot("momentum", .expression, "sgd's momentum (default 0)"),
            Slot("loss", .words(Words.losses), "what is minimised (default: follows the last layer)"),
            Slot("validate", .expression, "a fraction to hold out, or a data set"),
            Slot("patience", .expression, "stop after this many epochs without a better loss; restore the best"),
            Slot("schedule", .schedule, "multiply the learning rate by a factor every n epochs"),
            Slot("checkpoint", .expression, "save the best epoch's weights to this file"),
            Slot("clip", .expression, "scale gradients down to this global norm"),
            Slot("seed", .expression, "shuffling's seed (default: the session's)"),
        ],
        example: "train mlp on fashion epochs 10 batch 64 optimizer adam lr 0.001")

    static func layer(_ name: String) -> Form? { layers.first { $0.name == name } }
    static func source(_ name: String) -> Form? { sources.first { $0.name == name } }
}
